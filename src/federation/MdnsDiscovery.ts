import { Bonjour, type Browser, type Service } from "bonjour-service";
import type { EventEmitter } from "node:events";
import type { Logger } from "../log.ts";
import { ThrottledWarnings } from "./ThrottledWarnings.ts";
import type { NodeIdentity } from "./NodeIdentity.ts";
import { addressBaseUrl } from "./peerAddress.ts";
import { nodeCapabilities, nodeIdPattern, oldestProtocolVersion, protocolVersion, serviceType } from "./protocol.ts";
import type { SwarmKey } from "./SwarmKey.ts";

/** disabled: `--no-mdns`; failed: the multicast socket cannot send or bind (see `error`). */
export type MdnsState = "disabled" | "running" | "failed";

export interface MdnsStatus {
    readonly state: MdnsState;
    readonly error: string | null;
}

/** An announcement that was not signed with our secret (another swarm, or an impostor). */
export interface IgnoredAnnouncement {
    readonly name: string;
    readonly address: string;
    readonly reason: string;
    readonly lastSeen: string;
}

export interface MdnsDiscoveryOptions {
    readonly key: SwarmKey;
    readonly identity: NodeIdentity;
    /** Port our API (and the peer routes) listen on. */
    readonly port: number;
    readonly model: string;
    readonly workers: number;
    /** A verified announcement from another node of this swarm. */
    readonly onPeer: (id: string, url: string) => void;
    /** Our id was regenerated after a clash. */
    readonly onIdentityChanged: () => void;
    readonly logger: Logger;
    /** How often to ask the LAN again who is there (finds nodes that came back). Default 15 s. */
    readonly queryIntervalMs?: number;
}

/** The part of multicast-dns we listen to; bonjour-service keeps it as `server.mdns`. */
interface MulticastDns extends EventEmitter {
    query(packet: { questions: { name: string; type: string }[] }, callback: (error: Error | null) => void): void;
}

const fqdnType = `_${serviceType}._tcp.local`;
const maxIgnored = 32;

/**
 * Announces this node as `_local-swarm._tcp` and browses for the others with bonjour-service.
 * The TXT record carries protocol version, id, boot token, model, workers, capabilities and a proof
 * (HMAC of id, boot and port under the swarm secret); announcements without a valid proof are
 * ignored and logged. Multicast trouble (no route, no permission, port taken) is reported in
 * `status()` and the log instead of the node silently running alone.
 */
export class MdnsDiscovery {
    readonly #options: MdnsDiscoveryOptions;
    readonly #bonjour: Bonjour;
    readonly #mdns: MulticastDns;
    readonly #warnings: ThrottledWarnings;
    readonly #ignored = new Map<string, IgnoredAnnouncement>();
    #service: Service | undefined;
    #browser: Browser | undefined;
    #timer: ReturnType<typeof setInterval> | undefined;
    #error: string | null = null;
    #disposed = false;

    constructor(options: MdnsDiscoveryOptions) {
        this.#options = options;
        this.#warnings = new ThrottledWarnings(options.logger);
        this.#bonjour = new Bonjour({}, (error: Error) => this.#fail(`cannot answer mDNS queries: ${error.message}`));
        this.#mdns = (this.#bonjour as unknown as { server: { mdns: MulticastDns } }).server.mdns;
        // An 'error' nobody listens to would crash the process (port 5353 taken, no permission).
        this.#mdns.on("error", (error: Error) => this.#fail(`cannot open the mDNS socket (UDP 5353): ${error.message}`));
        this.#mdns.on("warning", (error: Error) => this.#warnings.warn(`mdns-warning:${error.message}`, `mDNS: ${error.message}`));
    }

    start(): void {
        this.#publish();
        this.#browse();
        this.#timer = setInterval(() => this.#browse(), this.#options.queryIntervalMs ?? 15_000);
    }

    status(): MdnsStatus {
        return { state: this.#error == null ? "running" : "failed", error: this.#error };
    }

    ignored(): IgnoredAnnouncement[] {
        return [...this.#ignored.values()];
    }

    /** Re-announces under the current id (after a clash regenerated it). */
    reannounce(): void {
        const old = this.#service;
        this.#service = undefined;
        if (old == null) this.#publish();
        else old.stop?.(() => this.#publish());
    }

    async dispose(): Promise<void> {
        if (this.#disposed) return;
        this.#disposed = true;
        clearInterval(this.#timer);
        this.#browser?.stop();
        await new Promise<void>((resolve) => {
            // The goodbye packet lets the others drop us at once; do not wait on a broken socket.
            const timer = setTimeout(resolve, 1_000);
            this.#bonjour.unpublishAll(() => {
                clearTimeout(timer);
                resolve();
            });
        });
        await new Promise<void>((resolve) => this.#bonjour.destroy(() => resolve()));
    }

    #publish(): void {
        if (this.#disposed) return;
        const { identity, key, port } = this.#options;
        this.#service = this.#bonjour.publish({
            name: `local-swarm-${identity.id}`,
            type: serviceType,
            protocol: "tcp",
            port,
            host: `local-swarm-${identity.id}.local`,
            probe: false,
            disableIPv6: true,
            txt: {
                v: String(protocolVersion),
                id: identity.id,
                boot: identity.boot,
                model: this.#options.model.slice(0, 200),
                workers: String(this.#options.workers),
                caps: nodeCapabilities.join(","),
                proof: key.announceProof(identity.id, identity.boot, port)
            }
        });
    }

    /** Asks the LAN who is there, with a fresh browser so nodes we forgot are reported again. */
    #browse(): void {
        if (this.#disposed) return;
        this.#mdns.query({ questions: [{ name: fqdnType, type: "PTR" }] }, (error) => {
            if (error != null) this.#fail(`cannot send mDNS queries: ${error.message}`);
            else if (this.#error != null && !this.#disposed) {
                this.#error = null;
                this.#options.logger.info("mDNS works again");
            }
        });
        this.#browser?.stop();
        const browser = this.#bonjour.find({ type: serviceType, protocol: "tcp" });
        browser.on("up", (service) => this.#seen(service));
        browser.on("txt-update", (service) => this.#seen(service));
        browser.on("srv-update", (service) => this.#seen(service));
        this.#browser = browser;
    }

    #seen(service: Service): void {
        if (this.#disposed) return;
        const txt = (service.txt ?? {}) as Record<string, unknown>;
        const address = service.referer?.address ?? service.addresses?.[0];
        const where = address == null ? `port ${service.port}` : `${address}:${service.port}`;
        const id = typeof txt.id === "string" ? txt.id : "";
        const boot = typeof txt.boot === "string" ? txt.boot : "";
        const proof = typeof txt.proof === "string" ? txt.proof : "";
        // Older protocols down to the oldest this node still speaks join; what each can do is in its hello.
        if (typeof txt.v !== "string" || !/^[1-9][0-9]{0,5}$/.test(txt.v) || Number(txt.v) < oldestProtocolVersion)
            return this.#ignore(service.name, where, `speaks federation protocol ${String(txt.v)}, this node ${oldestProtocolVersion} to ${protocolVersion}`);
        if (!nodeIdPattern.test(id) || boot === "" || !this.#options.key.checkAnnounceProof(id, boot, service.port, proof))
            return this.#ignore(service.name, where, "its announcement is not signed with this swarm's secret");
        if (address == null) return;
        const { identity } = this.#options;
        if (id === identity.id) {
            if (boot === identity.boot) return;
            const previous = identity.id;
            if (identity.resolveClash(boot)) {
                this.#options.logger.warn(`node ${where} announces this node's id ${previous} (a copied data dir?); this node is now ${identity.id}`);
                this.#options.onIdentityChanged();
            }
            return;
        }
        this.#options.onPeer(id, addressBaseUrl(address, service.port));
    }

    #ignore(name: string, where: string, reason: string): void {
        const key = `${name}@${where}`;
        if (!this.#ignored.has(key) && this.#ignored.size >= maxIgnored) this.#ignored.delete(this.#ignored.keys().next().value!);
        this.#ignored.set(key, { name, address: where, reason, lastSeen: new Date().toISOString() });
        this.#warnings.warn(`ignored:${key}`, `ignoring local-swarm node "${name}" at ${where}: ${reason}`);
    }

    #fail(message: string): void {
        if (this.#disposed) return;
        if (this.#error !== message)
            this.#options.logger.warn(`${message}. mDNS discovery is not working, so this node may run alone; list the other nodes with --peer host:port`);
        this.#error = message;
    }
}
