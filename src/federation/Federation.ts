import type { Logger } from "../log.ts";
import type { Voter } from "../swarm/index.ts";
import { FederationHandler } from "./FederationHandler.ts";
import { MdnsDiscovery, type IgnoredAnnouncement, type MdnsState } from "./MdnsDiscovery.ts";
import { NodeIdentity } from "./NodeIdentity.ts";
import { peerBaseUrl } from "./peerAddress.ts";
import { PeerClient } from "./PeerClient.ts";
import { PeerRegistry, type PeerSnapshot } from "./PeerRegistry.ts";
import { nodeCapabilities, protocolVersion, type HelloInfo } from "./protocol.ts";
import { runLocalVote } from "./runLocalVote.ts";
import { SwarmKey } from "./SwarmKey.ts";
import { TrustBook, type TrustView } from "./TrustBook.ts";
import { fromWireRequest } from "./wireRequest.ts";

export interface FederationOptions {
    readonly secret: string;
    /** Where the node id is kept. */
    readonly dataDir: string;
    /** This node's own swarm: it answers the peers' phase-1 requests. */
    readonly local: Voter;
    /** Static peers, `host:port`. */
    readonly peers: readonly string[];
    readonly mdns: boolean;
    readonly heartbeatIntervalMs: number;
    readonly logger: Logger;
}

/** What `/v1/swarm/peers` and `local-swarm peers` show. */
export interface FederationReport {
    readonly node: { readonly id: string; readonly model: string; readonly workers: number; readonly protocol: number; readonly port: number; readonly trust: TrustView };
    readonly discovery: {
        readonly mdns: MdnsState;
        /** Why discovery is not working, in words a user can act on; null when it is fine. */
        readonly problem: string | null;
        /** A hint when mDNS has found nobody and no peer is healthy (fine for a lone node; a clue when multicast is dropped). */
        readonly note: string | null;
        readonly staticPeers: readonly string[];
    };
    /** Each peer with its learned trust (null until its model is known). */
    readonly peers: readonly (PeerSnapshot & { readonly trust: TrustView | null })[];
    /** Announcements from nodes without this swarm's secret. */
    readonly ignored: readonly IgnoredAnnouncement[];
}

/**
 * One node's membership in the LAN swarm: identity, signed peer client and routes, peer registry
 * with heartbeats, mDNS discovery and static peers. `dispose()` says goodbye on mDNS and stops
 * every timer.
 */
export class Federation {
    readonly identity: NodeIdentity;
    readonly key: SwarmKey;
    readonly client: PeerClient;
    readonly handler: FederationHandler;
    readonly registry: PeerRegistry;
    /** Every node's learned vote weight, kept in the data dir. */
    readonly trust: TrustBook;
    readonly #options: FederationOptions;
    readonly #logger: Logger;
    #discovery: MdnsDiscovery | undefined;
    #port = 0;
    readonly #staticPeers: readonly string[];
    readonly #mdnsGraceMs: number;
    #startedAt = 0;
    #timer: ReturnType<typeof setInterval> | undefined;
    #problem: string | null = null;
    #noteLogged = false;

    constructor(options: FederationOptions) {
        this.#options = options;
        this.#logger = options.logger;
        this.key = new SwarmKey(options.secret);
        this.#staticPeers = options.peers.map(peerBaseUrl);
        this.identity = NodeIdentity.load(options.dataDir);
        this.trust = TrustBook.load(options.dataDir, options.logger);
        this.client = new PeerClient(this.key, this.identity);
        this.handler = new FederationHandler({
            key: this.key,
            hello: () => this.hello(),
            vote: (request, signal) => runLocalVote(options.local, fromWireRequest(request), this.identity.id, { signal }),
            logger: this.#logger
        });
        this.registry = new PeerRegistry({
            identity: this.identity,
            hello: (url, timeoutMs) => this.client.hello(url, timeoutMs),
            heartbeatIntervalMs: options.heartbeatIntervalMs,
            logger: this.#logger,
            onIdentityChanged: () => this.#discovery?.reannounce()
        });
        this.#mdnsGraceMs = 2 * this.#queryIntervalMs() + 2_000;
    }

    /** Starts heartbeats and discovery; `port` is where this node's API (and peer routes) listen. */
    start(port: number): void {
        this.#port = port;
        this.#startedAt = Date.now();
        this.#logger.info(`federation: node ${this.identity.id} joins the swarm on port ${port} (mDNS ${this.#options.mdns ? "on" : "off"}, ${this.#staticPeers.length} static peers)`);
        this.registry.start();
        for (const url of this.#staticPeers) this.registry.addStatic(url);
        if (this.#options.mdns) {
            this.#discovery = new MdnsDiscovery({
                key: this.key,
                identity: this.identity,
                port,
                model: this.#options.local.model,
                workers: this.#options.local.workers,
                onPeer: (id, url) => this.registry.discovered(id, url),
                onIdentityChanged: () => this.#discovery?.reannounce(),
                logger: this.#logger,
                queryIntervalMs: this.#queryIntervalMs()
            });
            this.#discovery.start();
        }
        this.#timer = setInterval(() => this.#checkDiscovery(), this.#options.heartbeatIntervalMs);
    }

    hello(): HelloInfo {
        return {
            protocol: protocolVersion,
            id: this.identity.id,
            boot: this.identity.boot,
            model: this.#options.local.model,
            workers: this.#options.local.workers,
            capabilities: [...nodeCapabilities],
            mdns: this.#discovery?.status().state === "running"
        };
    }

    report(): FederationReport {
        return {
            node: {
                id: this.identity.id,
                model: this.#options.local.model,
                workers: this.#options.local.workers,
                protocol: protocolVersion,
                port: this.#port,
                trust: this.trust.view(this.#options.local.model, this.identity.id)
            },
            discovery: {
                mdns: this.#discovery?.status().state ?? "disabled",
                problem: this.#diagnose(),
                note: this.#note(),
                staticPeers: this.#staticPeers
            },
            peers: this.registry.snapshot().map((peer) => ({ ...peer, trust: peer.id == null || peer.model == null ? null : this.trust.view(peer.model, peer.id) })),
            ignored: this.#discovery?.ignored() ?? []
        };
    }

    async dispose(): Promise<void> {
        this.#logger.info(`federation: node ${this.identity.id} leaves the swarm`);
        clearInterval(this.#timer);
        this.registry.dispose();
        await this.#discovery?.dispose();
    }

    /** Re-ask the LAN every 3 heartbeats, between 1 s and 15 s. */
    #queryIntervalMs(): number {
        return Math.min(15_000, Math.max(1_000, 3 * this.#options.heartbeatIntervalMs));
    }

    /** Says why mDNS is not finding peers, when we can tell. */
    #diagnose(): string | null {
        if (this.#discovery == null) return null;
        const status = this.#discovery.status();
        if (status.state === "failed") return `mDNS is not working (${status.error}); only --peer addresses join this swarm`;
        const now = Date.now();
        const unheard = this.registry.announcingPeers().filter((peer) => !peer.heard && now - Math.max(peer.since, this.#startedAt) > this.#mdnsGraceMs);
        if (unheard.length === 0) return null;
        return `multicast does not reach this node: ${unheard.map((peer) => peer.url).join(", ")} announce themselves by mDNS but were never heard; ` +
            "the network drops multicast (Wi-Fi client isolation, VPN, container bridge?), so only --peer addresses join this swarm";
    }

    #note(): string | null {
        if (this.#discovery?.status().state !== "running" || Date.now() - this.#startedAt <= this.#mdnsGraceMs) return null;
        if (this.registry.snapshot().some((peer) => peer.health === "healthy" || peer.sources.includes("mdns"))) return null;
        return `no other node found by mDNS in ${Math.round((Date.now() - this.#startedAt) / 1000)} s; if other nodes run on this network, ` +
            "it may drop multicast (Wi-Fi client isolation, VPN, container bridge?): name them with --peer host:port";
    }

    #checkDiscovery(): void {
        const problem = this.#diagnose();
        if (problem != null && problem !== this.#problem) this.#logger.warn(problem);
        this.#problem = problem;
        const note = this.#note();
        if (note != null && !this.#noteLogged) this.#logger.info(note);
        this.#noteLogged = note != null;
    }
}
