import { PeerError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { ThrottledWarnings } from "./ThrottledWarnings.ts";
import type { NodeIdentity } from "./NodeIdentity.ts";
import type { HelloInfo } from "./protocol.ts";

export type PeerSource = "mdns" | "static";
/** pending: not answered yet; healthy: votes; down: missed two heartbeats in a row (retried, not used). */
export type PeerHealth = "pending" | "healthy" | "down";

/** What a peer's votes did, for `/v1/swarm/peers` and the metrics. */
export interface PeerMetrics {
    readonly requests: number;
    readonly failures: number;
    /** Votes where the peer's answer won the global vote. */
    readonly wins: number;
    /** Votes where the peer's answer agreed with the global winner (groundwork for reputation). */
    readonly agreements: number;
    /** Mean time the peer took to answer a vote, ms (null before the first answer). */
    readonly meanLatencyMs: number | null;
}

export interface PeerSnapshot {
    readonly id: string | null;
    readonly url: string;
    readonly sources: readonly PeerSource[];
    readonly health: PeerHealth;
    readonly model: string | null;
    readonly workers: number | null;
    readonly capabilities: readonly string[];
    /** Heartbeat round trip, ms, smoothed. */
    readonly latencyMs: number | null;
    readonly lastSeen: string | null;
    readonly lastError: string | null;
    readonly metrics: PeerMetrics;
}

/** A healthy peer that can take part in a vote. */
export interface VotingPeer {
    readonly key: string;
    readonly id: string;
    readonly url: string;
    readonly workers: number;
    /** It speaks protocol 2 and takes tool-calling requests. */
    readonly tools: boolean;
}

export interface VoteOutcome {
    readonly ok: boolean;
    readonly latencyMs: number;
    readonly won: boolean;
    readonly agreed: boolean;
    readonly error?: string;
}

interface Peer {
    key: string;
    id: string | null;
    url: string;
    sources: Set<PeerSource>;
    health: PeerHealth;
    hello: HelloInfo | null;
    addedAt: number;
    lastSeen: number | null;
    latencyMs: number | null;
    failures: number;
    lastError: string | null;
    probing: boolean;
    metrics: { requests: number; failures: number; wins: number; agreements: number; latencyTotal: number; answered: number };
}

export interface PeerRegistryOptions {
    readonly identity: NodeIdentity;
    /** Asks a peer who it is (the heartbeat); defaults to the signed HTTP hello in Federation. */
    readonly hello: (url: string, timeoutMs: number) => Promise<HelloInfo>;
    readonly heartbeatIntervalMs: number;
    readonly logger: Logger;
    /** Our id was regenerated after a clash; announcements must change. */
    readonly onIdentityChanged: () => void;
}

/** Consecutive failed heartbeats after which a peer leaves the swarm. */
const failuresToLeave = 2;
/** mDNS-found peers that stay down this many heartbeat intervals are forgotten (static ones never are). */
const intervalsToForget = 60;

/**
 * Every peer this node knows, with its health. Peers come from mDNS announcements and static
 * addresses; a heartbeat (signed hello) every interval decides who votes. Invariant: at most one
 * entry per node id; a peer is keyed by its URL until its first answer tells its id.
 */
export class PeerRegistry {
    readonly #options: PeerRegistryOptions;
    readonly #peers = new Map<string, Peer>();
    readonly #warnings: ThrottledWarnings;
    #timer: ReturnType<typeof setInterval> | undefined;
    #disposed = false;

    constructor(options: PeerRegistryOptions) {
        this.#options = options;
        this.#warnings = new ThrottledWarnings(options.logger);
    }

    start(): void {
        this.#timer ??= setInterval(() => this.heartbeat(), this.#options.heartbeatIntervalMs);
    }

    addStatic(url: string): void {
        const existing = [...this.#peers.values()].find((peer) => peer.url === url);
        if (existing != null) existing.sources.add("static");
        else this.#add(url, null, "static");
    }

    /** A verified mDNS announcement. */
    discovered(id: string, url: string): void {
        const known = this.#peers.get(id) ?? [...this.#peers.values()].find((peer) => peer.url === url && peer.id == null);
        if (known == null) {
            this.#add(url, id, "mdns");
            return;
        }
        known.sources.add("mdns");
        if (known.url !== url && known.health !== "healthy") known.url = url;
        if (known.health === "down") void this.#probe(known);
    }

    voters(): VotingPeer[] {
        const voters: VotingPeer[] = [];
        for (const peer of this.#peers.values())
            if (peer.health === "healthy" && peer.id != null && peer.hello != null && peer.hello.capabilities.includes("generate") && peer.hello.workers > 0)
                voters.push({ key: peer.key, id: peer.id, url: peer.url, workers: peer.hello.workers, tools: peer.hello.protocol >= 2 && peer.hello.capabilities.includes("tools") });
        return voters;
    }

    /** Records how a peer did in one vote; a failed vote counts as a failed heartbeat. */
    recordVote(key: string, outcome: VoteOutcome): void {
        const peer = this.#peers.get(key);
        if (peer == null) return;
        peer.metrics.requests++;
        if (!outcome.ok) {
            peer.metrics.failures++;
            this.#failed(peer, outcome.error ?? "vote failed");
            return;
        }
        peer.metrics.answered++;
        peer.metrics.latencyTotal += outcome.latencyMs;
        if (outcome.won) peer.metrics.wins++;
        if (outcome.agreed) peer.metrics.agreements++;
    }

    snapshot(): PeerSnapshot[] {
        return [...this.#peers.values()].map((peer) => ({
            id: peer.id,
            url: peer.url,
            sources: [...peer.sources].sort(),
            health: peer.health,
            model: peer.hello?.model ?? null,
            workers: peer.hello?.workers ?? null,
            capabilities: peer.hello?.capabilities ?? [],
            latencyMs: peer.latencyMs == null ? null : Math.round(peer.latencyMs * 10) / 10,
            lastSeen: peer.lastSeen == null ? null : new Date(peer.lastSeen).toISOString(),
            lastError: peer.lastError,
            metrics: {
                requests: peer.metrics.requests,
                failures: peer.metrics.failures,
                wins: peer.metrics.wins,
                agreements: peer.metrics.agreements,
                meanLatencyMs: peer.metrics.answered === 0 ? null : Math.round(peer.metrics.latencyTotal / peer.metrics.answered)
            }
        }));
    }

    /** Healthy peers that say they announce by mDNS: if we never heard them, multicast does not reach us. */
    announcingPeers(): { id: string; url: string; heard: boolean; since: number }[] {
        return [...this.#peers.values()]
            .filter((peer) => peer.health === "healthy" && peer.id != null && peer.hello?.mdns === true)
            .map((peer) => ({ id: peer.id!, url: peer.url, heard: peer.sources.has("mdns"), since: peer.addedAt }));
    }

    /** One heartbeat round: probes every peer not already being probed; forgets long-gone mDNS peers. */
    heartbeat(): void {
        const now = Date.now();
        const forgetAfter = Math.max(60_000, intervalsToForget * this.#options.heartbeatIntervalMs);
        for (const peer of [...this.#peers.values()]) {
            if (peer.health === "down" && !peer.sources.has("static") && now - (peer.lastSeen ?? peer.addedAt) > forgetAfter) {
                this.#peers.delete(peer.key);
                this.#options.logger.info(`forgot peer ${this.#name(peer)}: silent for ${Math.round((now - (peer.lastSeen ?? peer.addedAt)) / 1000)} s`);
                continue;
            }
            void this.#probe(peer);
        }
    }

    dispose(): void {
        this.#disposed = true;
        clearInterval(this.#timer);
        this.#timer = undefined;
    }

    #add(url: string, id: string | null, source: PeerSource): void {
        const peer: Peer = {
            key: id ?? url,
            id,
            url,
            sources: new Set([source]),
            health: "pending",
            hello: null,
            addedAt: Date.now(),
            lastSeen: null,
            latencyMs: null,
            failures: 0,
            lastError: null,
            probing: false,
            metrics: { requests: 0, failures: 0, wins: 0, agreements: 0, latencyTotal: 0, answered: 0 }
        };
        this.#peers.set(peer.key, peer);
        void this.#probe(peer);
    }

    async #probe(peer: Peer): Promise<void> {
        if (peer.probing || this.#disposed) return;
        peer.probing = true;
        const started = performance.now();
        const timeoutMs = Math.min(10_000, Math.max(1_000, 2 * this.#options.heartbeatIntervalMs));
        try {
            const hello = await this.#options.hello(peer.url, timeoutMs);
            if (!this.#disposed) this.#answered(peer, hello, performance.now() - started);
        } catch (error) {
            if (!this.#disposed) this.#failed(peer, (error as Error).message, error);
        } finally {
            peer.probing = false;
        }
    }

    #answered(peer: Peer, hello: HelloInfo, rttMs: number): void {
        const identity = this.#options.identity;
        if (hello.id === identity.id) {
            if (hello.boot === identity.boot) {
                this.#peers.delete(peer.key);
                if (peer.sources.has("static")) this.#options.logger.info(`peer ${peer.url} is this node itself; ignoring it`);
                return;
            }
            const previous = identity.id;
            if (identity.resolveClash(hello.boot)) {
                this.#options.logger.warn(`node ${peer.url} has this node's id ${previous} (a copied data dir?); this node is now ${identity.id}`);
                this.#options.onIdentityChanged();
            }
            return;
        }
        const live = this.#rekey(peer, hello.id);
        const wasHealthy = live.health === "healthy";
        live.hello = hello;
        live.lastSeen = Date.now();
        live.latencyMs = live.latencyMs == null ? rttMs : 0.7 * live.latencyMs + 0.3 * rttMs;
        live.failures = 0;
        live.lastError = null;
        live.health = "healthy";
        if (!wasHealthy)
            this.#options.logger.info(`peer ${this.#name(live)} joined the swarm (${hello.model}, ${hello.workers} workers, via ${[...live.sources].join("+")})`);
    }

    /** Files a peer under its id once known, merging it with an entry that already has that id. */
    #rekey(peer: Peer, id: string): Peer {
        if (peer.key === id) return peer;
        this.#peers.delete(peer.key);
        const existing = this.#peers.get(id);
        if (existing != null && existing !== peer) {
            for (const source of peer.sources) existing.sources.add(source);
            return existing;
        }
        peer.id = id;
        peer.key = id;
        this.#peers.set(id, peer);
        return peer;
    }

    #failed(peer: Peer, message: string, error?: unknown): void {
        peer.failures++;
        peer.lastError = message;
        if (error instanceof PeerError && error.code === "peer_rejected")
            this.#warnings.warn(`rejected:${peer.url}`, `${message}; it will not be used`);
        if (peer.failures >= failuresToLeave && peer.health !== "down") {
            const was = peer.health;
            peer.health = "down";
            if (was === "healthy") this.#options.logger.warn(`peer ${this.#name(peer)} left the swarm: ${message}`);
            else this.#warnings.warn(`down:${peer.url}`, `peer ${peer.url} does not answer: ${message}`);
        }
    }

    #name(peer: Peer): string {
        return peer.id == null ? peer.url : `${peer.id} (${peer.url})`;
    }
}
