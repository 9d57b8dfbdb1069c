import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { PeerSnapshot } from "../federation/index.ts";
import type { SwarmEvent, SwarmStatus } from "../swarm/index.ts";

/** What the metrics need from the swarm: its events and, at each scrape, its queue and workers. */
export interface MeteredSwarm {
    subscribe(listener: (event: SwarmEvent) => void): () => void;
    status(): SwarmStatus;
}

export interface SwarmMetricsOptions {
    readonly swarm: MeteredSwarm;
    /** The federation's peers at scrape time; absent when this node runs alone. */
    readonly peers?: () => readonly PeerSnapshot[];
}

const fractionBuckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const secondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The Prometheus metrics of one server, on their own registry. Generation metrics come from the
 * swarm's events (as the dashboard's monitor gets them); HTTP outcomes from the app's one
 * after-response hook (`http`); queue, workers and peers are read at each scrape. Requests run one
 * at a time, so at most one is timed for its first token; only the swarm's events mutate it.
 */
export class SwarmMetrics {
    readonly registry = new Registry();
    readonly #unsubscribe: () => void;
    readonly #httpRequests: Counter<"method" | "route" | "status">;
    readonly #overloaded: Counter;
    readonly #swarmRequests: Counter<"outcome">;
    readonly #promptTokens: Counter;
    readonly #generatedTokens: Counter<"worker">;
    readonly #busySeconds: Counter<"worker">;
    readonly #agreement: Histogram;
    readonly #confidence: Histogram;
    readonly #firstToken: Histogram;
    readonly #duration: Histogram;
    /** The running request's start, until its first token arrives. */
    #awaitingFirstToken: number | undefined;
    #started: number | undefined;

    constructor(options: SwarmMetricsOptions) {
        const registers = [this.registry];
        this.#httpRequests = new Counter({ name: "local_swarm_http_requests_total", help: "HTTP requests answered, by method, route pattern and status", labelNames: ["method", "route", "status"], registers });
        this.#overloaded = new Counter({ name: "local_swarm_overloaded_total", help: "Requests refused with 429 because the workers and the queue were full", registers });
        this.#swarmRequests = new Counter({ name: "local_swarm_requests_total", help: "Voted requests the workers ran, by outcome (decided or failed)", labelNames: ["outcome"], registers });
        this.#promptTokens = new Counter({ name: "local_swarm_prompt_tokens_total", help: "Prompt tokens of decided requests, as fed to the model", registers });
        this.#generatedTokens = new Counter({ name: "local_swarm_generated_tokens_total", help: "Tokens the workers generated for decided requests, by worker", labelNames: ["worker"], registers });
        this.#busySeconds = new Counter({ name: "local_swarm_worker_busy_seconds_total", help: "Time each worker spent generating for decided requests", labelNames: ["worker"], registers });
        this.#agreement = new Histogram({ name: "local_swarm_vote_agreement", help: "Share of the vote the winning answer had", buckets: fractionBuckets, registers });
        this.#confidence = new Histogram({ name: "local_swarm_vote_confidence", help: "Confidence of each decision", buckets: fractionBuckets, registers });
        this.#firstToken = new Histogram({ name: "local_swarm_time_to_first_token_seconds", help: "From the workers starting a request to its first generated text", buckets: secondsBuckets, registers });
        this.#duration = new Histogram({ name: "local_swarm_request_duration_seconds", help: "From the workers starting a request to its decision or failure", buckets: secondsBuckets, registers });
        const { swarm, peers } = options;
        new Gauge({ name: "local_swarm_queue_depth", help: "Requests waiting for the workers", registers, collect() {
            this.set(swarm.status().queued);
        } });
        new Gauge({ name: "local_swarm_workers_busy", help: "Workers generating now", registers, collect() {
            this.set(swarm.status().workers.filter((worker) => worker.busy).length);
        } });
        if (peers != null) {
            new Gauge({ name: "local_swarm_peers", help: "Federation peers by health (pending, healthy, down)", labelNames: ["health"], registers, collect() {
                this.reset();
                for (const health of ["pending", "healthy", "down"] as const) this.set({ health }, peers().filter((peer) => peer.health === health).length);
            } });
            new Gauge({ name: "local_swarm_peer_latency_seconds", help: "Round trip of each peer's last heartbeat", labelNames: ["peer"], registers, collect() {
                this.reset();
                for (const peer of peers()) if (peer.latencyMs != null) this.set({ peer: peer.id ?? peer.url }, peer.latencyMs / 1000);
            } });
        }
        this.#unsubscribe = swarm.subscribe((event) => this.#onEvent(event));
    }

    /** One HTTP answer; `route` is the matched pattern (never the raw path, which would grow without bound). */
    http(method: string, route: string, status: number): void {
        this.#httpRequests.inc({ method, route, status: String(status) });
        if (status === 429) this.#overloaded.inc();
    }

    /** The exposition, in Prometheus text format. */
    async text(): Promise<string> {
        return this.registry.metrics();
    }

    get contentType(): string {
        return this.registry.contentType;
    }

    dispose(): void {
        this.#unsubscribe();
    }

    #onEvent(event: SwarmEvent): void {
        const now = performance.now();
        switch (event.type) {
            case "started":
                this.#started = now;
                this.#awaitingFirstToken = now;
                return;
            case "text":
                if (this.#awaitingFirstToken == null) return;
                this.#firstToken.observe((now - this.#awaitingFirstToken) / 1000);
                this.#awaitingFirstToken = undefined;
                return;
            case "decided": {
                const { result } = event;
                this.#finish(now, "decided");
                this.#promptTokens.inc(result.promptTokens);
                for (const candidate of result.candidates) {
                    this.#generatedTokens.inc({ worker: candidate.worker }, candidate.tokens);
                    this.#busySeconds.inc({ worker: candidate.worker }, candidate.latencyMs / 1000);
                }
                this.#agreement.observe(result.decision.agreement);
                this.#confidence.observe(result.decision.confidence);
                return;
            }
            case "failed":
                this.#finish(now, "failed");
        }
    }

    #finish(now: number, outcome: "decided" | "failed"): void {
        this.#swarmRequests.inc({ outcome });
        if (this.#started != null) this.#duration.observe((now - this.#started) / 1000);
        this.#started = undefined;
        this.#awaitingFirstToken = undefined;
    }
}
