import { decide, type Candidate, type Decision, type StrategyName } from "../consensus/index.ts";
import { CancelledError, DeadlineError, EngineError, InvalidRequestError, ShuttingDownError } from "../errors.ts";
import type { InferenceEngine } from "./InferenceEngine.ts";
import type { SwarmEvent, SwarmRequest, SwarmResult, SwarmStatus, WorkerResult } from "./types.ts";
import { workerSeed, workerTemperature } from "./workerSampling.ts";
import { WorkQueue } from "./WorkQueue.ts";

export interface SwarmOptions {
    readonly engine: InferenceEngine;
    /** Requests that may wait while the workers are busy; past this, 429. */
    readonly queueSize: number;
    readonly strategy: StrategyName;
    readonly defaultTemperature: number;
    readonly temperatureSpread: number;
    /** Deadline of one request, waiting included. */
    readonly requestTimeoutMs: number;
}

export interface RunOptions {
    /** Aborting it (client gone) stops every worker of this request. */
    readonly signal?: AbortSignal;
    readonly onEvent?: (event: SwarmEvent) => void;
}

/**
 * The orchestrator: every request goes to all workers at once (one sequence each on the shared
 * model), then the consensus engine picks the answer. One request holds the workers at a time; the
 * rest wait in a bounded queue. Only `run` mutates `#busy`.
 */
export class Swarm {
    readonly #engine: InferenceEngine;
    readonly #options: SwarmOptions;
    readonly #queue: WorkQueue;
    readonly #busy: boolean[];
    readonly #running = new Set<AbortController>();
    readonly #listeners = new Set<(event: SwarmEvent) => void>();
    #served = 0;
    #disposed = false;

    constructor(options: SwarmOptions) {
        this.#engine = options.engine;
        this.#options = options;
        this.#queue = new WorkQueue(options.queueSize);
        this.#busy = Array.from({ length: options.engine.slots }, () => false);
    }

    get model(): string {
        return this.#engine.modelId;
    }

    get workers(): number {
        return this.#engine.slots;
    }

    status(): SwarmStatus {
        return {
            model: this.#engine.modelId,
            workers: this.#busy.map((busy, index) => ({ id: workerId(index), busy })),
            queued: this.#queue.waiting,
            queueSize: this.#queue.capacity,
            served: this.#served
        };
    }

    /** Every request's events, for observers such as the dashboard. Returns the unsubscribe function. */
    subscribe(listener: (event: SwarmEvent) => void): () => void {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }

    async run(request: SwarmRequest, options: RunOptions = {}): Promise<SwarmResult> {
        if (this.#disposed) throw new ShuttingDownError("the server is shutting down");
        const promptTokens = this.#engine.countPromptTokens(request.messages);
        const room = this.#engine.contextSize - promptTokens;
        if (room < 1)
            throw new InvalidRequestError(
                `the prompt is ${promptTokens} tokens but each worker's context holds ${this.#engine.contextSize}`,
                { param: "messages", code: "context_length_exceeded" }
            );
        if (request.params.format != null) await this.#engine.prepareFormat(request.params.format);

        const controller = new AbortController();
        const deadline = setTimeout(() => controller.abort(new DeadlineError(`the request took longer than ${this.#options.requestTimeoutMs / 1000} s`)), this.#options.requestTimeoutMs);
        const onClientAbort = () => controller.abort(new CancelledError("the client went away"));
        options.signal?.addEventListener("abort", onClientAbort, { once: true });
        if (options.signal?.aborted) onClientAbort();
        this.#running.add(controller);
        const emit = (event: SwarmEvent) => {
            options.onEvent?.(event);
            for (const listener of this.#listeners) listener(event);
        };
        try {
            await this.#queue.enter(controller.signal).catch((error: unknown) => {
                throw controller.signal.aborted ? controller.signal.reason : error;
            });
            const started = performance.now();
            try {
                emit({ type: "started", workers: this.#engine.slots });
                const candidates = await this.#generateAll(request, Math.min(request.params.maxTokens, room), controller.signal, emit);
                if (controller.signal.aborted) throw controller.signal.reason;
                const result: SwarmResult = {
                    model: this.#engine.modelId,
                    candidates,
                    decision: this.#vote(candidates, request),
                    promptTokens
                };
                this.#served++;
                emit({ type: "decided", result });
                return result;
            } finally {
                this.#queue.leave(performance.now() - started);
            }
        } finally {
            clearTimeout(deadline);
            options.signal?.removeEventListener("abort", onClientAbort);
            this.#running.delete(controller);
        }
    }

    /** Stops taking work, cancels what runs or waits, then frees the model. */
    async dispose(): Promise<void> {
        if (this.#disposed) return;
        this.#disposed = true;
        const error = new ShuttingDownError("the server is shutting down");
        this.#queue.rejectAll(error);
        for (const controller of this.#running) controller.abort(error);
        while (this.#busy.some(Boolean)) await new Promise((resolve) => setTimeout(resolve, 10));
        await this.#engine.dispose();
    }

    async #generateAll(request: SwarmRequest, maxTokens: number, signal: AbortSignal, emit: (event: SwarmEvent) => void): Promise<WorkerResult[]> {
        const workers = this.#engine.slots;
        const baseSeed = request.params.seed ?? Math.floor(Math.random() * 2 ** 31);
        const baseTemperature = request.params.temperature ?? this.#options.defaultTemperature;
        return Promise.all(Array.from({ length: workers }, async (_, slot): Promise<WorkerResult> => {
            const worker = workerId(slot);
            const temperature = workerTemperature(baseTemperature, this.#options.temperatureSpread, slot, workers);
            const seed = workerSeed(baseSeed, slot);
            const started = performance.now();
            this.#busy[slot] = true;
            try {
                const generation = await this.#engine.generate(slot, request.messages, {
                    maxTokens,
                    temperature,
                    topP: request.params.topP,
                    seed,
                    stop: request.params.stop ?? [],
                    format: request.params.format,
                    signal,
                    onText: (text) => emit({ type: "text", worker, text })
                });
                const result: WorkerResult = { worker, temperature, seed, latencyMs: Math.round(performance.now() - started), ...generation };
                emit({ type: "finished", result });
                return result;
            } catch (error) {
                return {
                    worker,
                    temperature,
                    seed,
                    text: "",
                    tokens: 0,
                    latencyMs: Math.round(performance.now() - started),
                    finishReason: "error",
                    error: (error as Error).message
                };
            } finally {
                this.#busy[slot] = false;
            }
        }));
    }

    #vote(candidates: readonly WorkerResult[], request: SwarmRequest): Decision {
        const voters = candidates.flatMap((candidate, index) => candidate.finishReason === "error" ? [] : [index]);
        if (voters.length === 0)
            throw new EngineError(`every worker failed: ${candidates[0]?.error ?? "no workers"}`);
        const ballots: Candidate[] = voters.map((index) => {
            const candidate = candidates[index]!;
            return {
                text: candidate.text,
                worker: candidate.worker,
                model: this.#engine.modelId,
                latencyMs: candidate.latencyMs,
                finishReason: candidate.finishReason,
                tokens: candidate.tokens
            };
        });
        const prompt = request.messages.filter((message) => message.role === "user").at(-1)?.content;
        const decision = decide(ballots, { strategy: request.strategy ?? this.#options.strategy, prompt });
        // Map the vote back onto every worker; a failed worker has no score.
        const scores = candidates.map((_, index) => {
            const ballot = voters.indexOf(index);
            return ballot === -1 ? Number.NaN : decision.scores[ballot]!;
        });
        return {
            ...decision,
            winner: voters[decision.winner]!,
            ranking: decision.ranking.map((ballot) => voters[ballot]!),
            scores
        };
    }
}

export function workerId(slot: number): string {
    return `w${slot}`;
}
