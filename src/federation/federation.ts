import type { Logger } from "./logger.ts";
import { stderrLogger } from "./logger.ts";
import { MdnsDiscovery, type IgnoredAnnouncement, type MdnsState } from "./mdnsDiscovery.ts";
import { NodeIdentity } from "./nodeIdentity.ts";
import { FederationHandler } from "./federationHandler.ts";
import { PeerClient } from "./peerClient.ts";
import { peerBaseUrl } from "./peerAddress.ts";
import { PeerRegistry, type PeerSnapshot } from "./peerRegistry.ts";
import { nodeCapabilities, protocolVersion, type GenerateRequestBody, type HelloInfo, type NodeVote } from "./protocol.ts";
import { SwarmKey } from "./swarmKey.ts";

export interface FederationOptions {
    readonly secret: string;
    /** Where the node id is kept. */
    readonly dataDir: string;
    /** Port the API and the peer routes listen on (announced to the others). */
    readonly port: number;
    readonly model: string;
    readonly workers: number;
    /** Static peers, `host:port`. */
    readonly peers: readonly string[];
    readonly mdns: boolean;
    readonly heartbeatIntervalMs: number;
    /** Phase 1 of a vote on this node's own workers (what a peer asks us for). */
    readonly vote: (request: GenerateRequestBody, signal: AbortSignal) => Promise<NodeVote>;
    readonly logger?: Logger;
}

/** What `/v1/swarm/peers` and `local-swarm peers` show. */
export interface FederationReport {
    readonly node: { readonly id: string; readonly model: string; readonly workers: number; readonly protocol: number };
    readonly discovery: {
        readonly mdns: MdnsState;
        /** Why discovery is not working, in words a user can act on; null when it is fine. */
        readonly problem: string | null;
        readonly staticPeers: readonly string[];
    };
    readonly peers: readonly PeerSnapshot[];
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
    readonly #options: FederationOptions;
    readonly #logger: Logger;
    readonly #discovery: MdnsDiscovery | undefined;
    readonly #staticPeers: readonly string[];
    readonly #mdnsGraceMs: number;
    readonly #startedAt = Date.now();
    #timer: ReturnType<typeof setInterval> | undefined;
    #problem: string | null = null;

    constructor(options: FederationOptions) {
        this.#options = options;
        this.#logger = options.logger ?? stderrLogger;
        this.key = new SwarmKey(options.secret);
        this.#staticPeers = options.peers.map(peerBaseUrl);
        this.identity = NodeIdentity.load(options.dataDir);
        this.client = new PeerClient(this.key, this.identity);
        this.handler = new FederationHandler({ key: this.key, hello: () => this.hello(), vote: options.vote, logger: this.#logger });
        const onIdentityChanged = () => this.#discovery?.reannounce();
        this.registry = new PeerRegistry({
            identity: this.identity,
            hello: (url, timeoutMs) => this.client.hello(url, timeoutMs),
            heartbeatIntervalMs: options.heartbeatIntervalMs,
            logger: this.#logger,
            onIdentityChanged
        });
        const queryIntervalMs = Math.min(15_000, Math.max(1_000, 3 * options.heartbeatIntervalMs));
        this.#mdnsGraceMs = 2 * queryIntervalMs + 2_000;
        this.#discovery = options.mdns
            ? new MdnsDiscovery({
                key: this.key,
                identity: this.identity,
                port: options.port,
                model: options.model,
                workers: options.workers,
                onPeer: (id, url) => this.registry.discovered(id, url),
                onIdentityChanged,
                logger: this.#logger,
                queryIntervalMs
            })
            : undefined;
    }

    start(): void {
        this.#logger.info(`node ${this.identity.id} joins the swarm on port ${this.#options.port} (mDNS ${this.#discovery == null ? "off" : "on"}, ${this.#staticPeers.length} static peers)`);
        this.registry.start();
        for (const url of this.#staticPeers) this.registry.addStatic(url);
        this.#discovery?.start();
        this.#timer = setInterval(() => this.#checkDiscovery(), this.#options.heartbeatIntervalMs);
    }

    hello(): HelloInfo {
        return {
            protocol: protocolVersion,
            id: this.identity.id,
            boot: this.identity.boot,
            model: this.#options.model,
            workers: this.#options.workers,
            capabilities: [...nodeCapabilities],
            mdns: this.#discovery?.status().state === "running"
        };
    }

    report(): FederationReport {
        return {
            node: { id: this.identity.id, model: this.#options.model, workers: this.#options.workers, protocol: protocolVersion },
            discovery: {
                mdns: this.#discovery?.status().state ?? "disabled",
                problem: this.#diagnose(),
                staticPeers: this.#staticPeers
            },
            peers: this.registry.snapshot(),
            ignored: this.#discovery?.ignored() ?? []
        };
    }

    async dispose(): Promise<void> {
        clearInterval(this.#timer);
        this.registry.dispose();
        await this.#discovery?.dispose();
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

    #checkDiscovery(): void {
        const problem = this.#diagnose();
        if (problem != null && problem !== this.#problem) this.#logger.warn(problem);
        this.#problem = problem;
    }
}
