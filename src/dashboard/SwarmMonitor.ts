import type { FederatedOutcome } from "../federation/index.ts";
import type { SwarmEvent, SwarmRequest, SwarmStatus } from "../swarm/index.ts";
import { candidateView, clip, tokensPerSecond } from "./candidateView.ts";
import { EventFeed } from "./EventFeed.ts";
import { federationView } from "./federationView.ts";
import type { CandidateView, DashboardMessage, MachineInfo, RequestView, SegmentView, StatusView } from "./types.ts";

/** What the monitor needs from the swarm. */
export interface MonitoredSwarm {
    subscribe(listener: (event: SwarmEvent) => void): () => void;
    status(): SwarmStatus;
}

/** What the monitor needs from the federated vote, when this node federates. */
export interface MonitoredFederation {
    subscribe(listener: (outcome: FederatedOutcome) => void): () => void;
}

export interface SwarmMonitorOptions {
    readonly swarm: MonitoredSwarm;
    /** Adds each federated request's global vote to the card of the local request it ran as; absent: none. */
    readonly federation?: MonitoredFederation | undefined;
    readonly machine: MachineInfo;
    /** Finished requests kept for a page opened later; default 20. */
    readonly historySize?: number;
    /** The workers' new text is sent at most this often, in one message; default 150 ms. */
    readonly textIntervalMs?: number;
    /** SSE comment interval that keeps idle connections (and proxies) open; default 15000 ms. */
    readonly heartbeatMs?: number;
    /** Frames queued for one page before it is cut off (its script reconnects); default 256. */
    readonly feedLimit?: number;
}

/** The request the workers are answering now. Requests run one at a time, so there is at most one. */
interface Running {
    readonly id: number;
    readonly startedAt: string;
    readonly started: number;
    readonly prompt: string;
    readonly candidates: Map<string, CandidateView>;
    /** Every worker's text so far, for a page that connects mid-request. */
    readonly text: Map<string, string>;
    /** Every worker's thinking so far, likewise. */
    readonly thought: Map<string, string>;
    readonly segments: SegmentView[];
}

const maxPrompt = 500;

/**
 * Watches the swarm's events for the dashboard: keeps the last requests (with every candidate and
 * the vote) and each worker's speed, and sends all of it to every connected page as SSE frames.
 * Text is batched per `textIntervalMs` so a fast model cannot flood a slow phone; each page has
 * its own bounded `EventFeed`. Only the swarm's and the federation's events mutate the state below.
 */
export class SwarmMonitor {
    readonly #swarm: MonitoredSwarm;
    readonly #machine: MachineInfo;
    readonly #historySize: number;
    readonly #textIntervalMs: number;
    readonly #feedLimit: number;
    readonly #feeds = new Set<EventFeed>();
    readonly #history: RequestView[] = [];
    readonly #speed = new Map<string, number>();
    /** Each request's id by the request object its `started` event carried, which a federated outcome names again. */
    readonly #ids = new WeakMap<SwarmRequest, number>();
    readonly #unsubscribe: () => void;
    readonly #unsubscribeFederation: () => void;
    readonly #heartbeat: ReturnType<typeof setInterval>;
    #pendingText = new Map<string, string>();
    #pendingThought = new Map<string, string>();
    #textTimer: ReturnType<typeof setTimeout> | undefined;
    #running: Running | undefined;
    #lastId = 0;

    constructor(options: SwarmMonitorOptions) {
        this.#swarm = options.swarm;
        this.#machine = options.machine;
        this.#historySize = options.historySize ?? 20;
        this.#textIntervalMs = options.textIntervalMs ?? 150;
        this.#feedLimit = options.feedLimit ?? 256;
        this.#unsubscribe = options.swarm.subscribe((event) => this.#onEvent(event));
        this.#unsubscribeFederation = options.federation?.subscribe((outcome) => this.#onFederated(outcome)) ?? (() => undefined);
        this.#heartbeat = setInterval(() => {
            for (const feed of this.#feeds) feed.push(": ping\n\n");
        }, options.heartbeatMs ?? 15_000);
    }

    /** Pages connected right now. */
    get viewers(): number {
        return this.#feeds.size;
    }

    /** A new page: its feed starts with a snapshot (machine, status, history) and the running request's text so far. */
    connect(): EventFeed {
        const feed = new EventFeed(this.#feedLimit, (closed) => {
            this.#feeds.delete(closed);
            this.#broadcast({ type: "status", status: this.#status() });
        });
        this.#feeds.add(feed);
        const history = this.#running == null ? [...this.#history] : [...this.#history, this.#runningView()];
        feed.push(frame({ type: "snapshot", machine: this.#machine, status: this.#status(), history }));
        if (this.#running != null && (this.#running.text.size > 0 || this.#running.thought.size > 0))
            feed.push(frame(textMessage(this.#running.id, this.#running.text, this.#running.thought)));
        this.#broadcast({ type: "status", status: this.#status() }, feed);
        return feed;
    }

    /** Stops watching and ends every page's stream (their scripts reconnect to the next server). */
    dispose(): void {
        this.#unsubscribe();
        this.#unsubscribeFederation();
        clearInterval(this.#heartbeat);
        clearTimeout(this.#textTimer);
        for (const feed of [...this.#feeds]) feed.close();
    }

    #onEvent(event: SwarmEvent): void {
        switch (event.type) {
            case "started": {
                if (this.#running != null) this.#end({ state: "failed", error: "superseded by the next request" });
                const prompt = event.request.messages.filter((message) => message.role === "user").at(-1)?.content ?? "";
                this.#running = {
                    id: ++this.#lastId,
                    startedAt: new Date().toISOString(),
                    started: performance.now(),
                    prompt: clip(prompt, maxPrompt),
                    candidates: new Map(),
                    text: new Map(),
                    thought: new Map(),
                    segments: []
                };
                this.#ids.set(event.request, this.#running.id);
                this.#broadcast({ type: "request", request: this.#runningView() });
                this.#broadcast({ type: "status", status: this.#status() });
                return;
            }
            case "text":
            case "thought": {
                const running = this.#running;
                if (running == null) return;
                append(running[event.type], event.worker, event.text);
                append(event.type === "text" ? this.#pendingText : this.#pendingThought, event.worker, event.text);
                this.#textTimer ??= setTimeout(() => this.#flushText(), this.#textIntervalMs);
                return;
            }
            case "finished": {
                const running = this.#running;
                if (running == null) return;
                this.#flushText();
                const candidate = candidateView(event.result, undefined);
                running.candidates.set(candidate.worker, candidate);
                this.#speed.set(candidate.worker, candidate.tokensPerSecond);
                this.#broadcast({ type: "request", request: this.#runningView() });
                this.#broadcast({ type: "status", status: this.#status() });
                return;
            }
            case "decided": {
                const { candidates, decision } = event.result;
                const elapsed = performance.now() - (this.#running?.started ?? performance.now());
                const total = candidates.reduce((sum, candidate) => sum + candidate.tokens, 0);
                this.#end({
                    state: "decided",
                    candidates: candidates.map((candidate, index) => candidateView(candidate, decision.scores[index])),
                    decision: {
                        strategy: decision.strategy,
                        reason: decision.reason,
                        winner: candidates[decision.winner]?.worker ?? "",
                        agreement: decision.agreement,
                        confidence: decision.confidence,
                        abstain: decision.abstain,
                        tokensPerSecond: tokensPerSecond(total, elapsed)
                    }
                });
                return;
            }
            case "failed":
                this.#end({ state: "failed", error: event.error });
                return;
            case "segment": {
                const running = this.#running;
                if (running == null) return;
                const { text, worker, agreement } = event.segment;
                running.segments.push({ text, worker, agreement });
                this.#broadcast({ type: "request", request: this.#runningView() });
                return;
            }
        }
    }

    /**
     * The global vote comes after the local one has ended the request, so it updates the request in
     * the history (unless it has already been dropped from it).
     */
    #onFederated({ request, result }: FederatedOutcome): void {
        const id = this.#ids.get(request);
        const index = this.#history.findIndex((entry) => entry.id === id);
        if (index === -1) return;
        const updated: RequestView = { ...this.#history[index]!, federation: federationView(result) };
        this.#history[index] = updated;
        this.#broadcast({ type: "request", request: updated });
    }

    /** Moves the running request into the history, as decided or failed. */
    #end(outcome: Partial<RequestView> & Pick<RequestView, "state">): void {
        if (this.#running == null) return;
        this.#flushText();
        const request: RequestView = {
            ...this.#runningView(),
            durationMs: Math.round(performance.now() - this.#running.started),
            ...outcome
        };
        this.#running = undefined;
        this.#history.push(request);
        if (this.#history.length > this.#historySize) this.#history.shift();
        this.#broadcast({ type: "request", request });
        this.#broadcast({ type: "status", status: this.#status() });
    }

    #flushText(): void {
        clearTimeout(this.#textTimer);
        this.#textTimer = undefined;
        if (this.#running == null || (this.#pendingText.size === 0 && this.#pendingThought.size === 0)) return;
        this.#broadcast(textMessage(this.#running.id, this.#pendingText, this.#pendingThought));
        this.#pendingText = new Map();
        this.#pendingThought = new Map();
    }

    #runningView(): RequestView {
        const running = this.#running!;
        return {
            id: running.id,
            startedAt: running.startedAt,
            prompt: running.prompt,
            state: "running",
            candidates: [...running.candidates.values()],
            decision: null,
            error: null,
            durationMs: null,
            federation: null,
            segments: [...running.segments]
        };
    }

    /** While a request runs, its workers are busy until each has finished its answer. */
    #status(): StatusView {
        const status = this.#swarm.status();
        const running = this.#running;
        return {
            workers: status.workers.map((worker) => ({
                id: worker.id,
                busy: running == null ? worker.busy : !running.candidates.has(worker.id),
                tokensPerSecond: this.#speed.get(worker.id) ?? null
            })),
            queued: status.queued,
            queueSize: status.queueSize,
            served: status.served,
            viewers: this.#feeds.size
        };
    }

    #broadcast(message: DashboardMessage, except?: EventFeed): void {
        const text = frame(message);
        for (const feed of this.#feeds) if (feed !== except) feed.push(text);
    }
}

function frame(message: DashboardMessage): string {
    return `event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
}

function append(pieces: Map<string, string>, worker: string, piece: string): void {
    pieces.set(worker, (pieces.get(worker) ?? "") + piece);
}

/** The `text` message for these workers' text and thinking. */
function textMessage(id: number, text: ReadonlyMap<string, string>, thought: ReadonlyMap<string, string>): DashboardMessage {
    return { type: "text", id, text: Object.fromEntries(text), ...(thought.size === 0 ? {} : { thought: Object.fromEntries(thought) }) };
}
