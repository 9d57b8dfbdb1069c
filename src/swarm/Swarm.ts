import { AdaptiveVote, decide, judgePrompt, wantsExecution, type Candidate, type CodeRunner, type ConsensusOptions, type Decision, type ModelWeights, type RequestedStrategy, type VoteDefaults } from "../consensus/index.ts";
import { CancelledError, DeadlineError, EngineError, InvalidRequestError, ShuttingDownError } from "../errors.ts";
import { voteToolCalls, type RejectedCall } from "../tools/index.ts";
import { checkByExecution } from "./checkByExecution.ts";
import type { EngineGenerateOptions, InferenceEngine, PromptSharing, SharePromptOptions } from "./InferenceEngine.ts";
import { runSegmentRounds, segmentBoundaries } from "./SegmentRounds.ts";
import type { GenerationMode, SwarmEvent, SwarmRequest, SwarmResult, SwarmStatus, ThinkingParams, WorkerResult } from "./types.ts";
import { watchProgress } from "./watchProgress.ts";
import { workerSeed, workerTemperature } from "./workerSampling.ts";
import { WorkQueue } from "./WorkQueue.ts";

export interface SwarmOptions {
    readonly engine: InferenceEngine;
    /** Requests that may wait while the workers are busy; past this, 429. */
    readonly queueSize: number;
    readonly strategy: RequestedStrategy;
    readonly weights?: ModelWeights;
    /** Decisions below this confidence are marked `abstain`. */
    readonly abstainBelow?: number;
    /** Adaptive stopping by default (a request may override it), and its threshold. */
    readonly adaptive?: boolean;
    readonly adaptiveStopAt?: number;
    readonly defaultTemperature: number;
    readonly temperatureSpread: number;
    /** Deadline of one request, waiting included. */
    readonly requestTimeoutMs: number;
    /** A worker that produces no token for this long is stopped and its slot recycled; default 60 s. */
    readonly stallTimeoutMs?: number;
    /** Thinking tokens a worker may spend before it must answer, unless a request says otherwise; absent: no budget. */
    readonly thinkingBudget?: number;
    /** Runs candidates' code for the `execution` strategy (sandboxed); absent: running code is off. */
    readonly runCode?: CodeRunner;
}

/** What a request's generation produced, before the swarm adds the model and the prompt's size. */
type Generated = Pick<SwarmResult, "candidates" | "decision" | "promptEvaluated" | "toolVote" | "segments">;

interface RequestPlan {
    readonly thinking: ThinkingParams | undefined;
    readonly baseSeed: number;
    readonly baseTemperature: number;
    readonly consensus: ConsensusOptions;
}

interface RoundOptions {
    readonly slots: readonly number[];
    readonly maxTokens: number;
    readonly signal: AbortSignal;
    readonly emit: (event: SwarmEvent) => void;
    readonly adaptive: boolean;
    /** Segment rounds: the decided answer so far, and the round's number (it shifts the seeds). */
    readonly answerPrefix?: string;
    readonly round?: number;
    /** Emit each worker's `finished` event (a whole answer, not a segment). */
    readonly finished?: boolean;
}

export interface RunOptions {
    /** Aborting it (client gone) stops every worker of this request. */
    readonly signal?: AbortSignal;
    readonly onEvent?: (event: SwarmEvent) => void;
    /**
     * Called once the request has passed every check and holds the workers or a place in the queue:
     * from then on it fails only by cancellation, deadline or the engine, so a stream may start.
     */
    readonly onAccepted?: () => void;
}

/**
 * The orchestrator: every request goes to all workers at once (one sequence each on the shared
 * model), then the consensus engine picks the answer. One request holds the workers at a time; the
 * rest wait in a bounded queue. Only `#generate` mutates `#busy`.
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

    /** The swarm's consensus settings, so `/v1/consensus` ranks outside answers the same way. */
    get consensusDefaults(): VoteDefaults {
        const { strategy, weights, abstainBelow, runCode } = this.#options;
        return { strategy, ...(weights == null ? {} : { weights }), ...(abstainBelow == null ? {} : { abstainBelow }), ...(runCode == null ? {} : { runCode }) };
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
        if (request.prompt?.suffix != null && !this.#engine.infill)
            throw new InvalidRequestError(`suffix: ${this.#engine.modelId} cannot fill in the middle (its vocabulary has no infill tokens)`, { param: "suffix", code: "infill_unsupported" });
        const thinking = this.#thinking(request);
        const promptTokens = request.prompt == null
            ? this.#engine.countPromptTokens(request.messages, request.params.tools, thinking)
            : this.#engine.countTextTokens(request.prompt);
        const room = this.#engine.contextSize - promptTokens;
        if (room < 1)
            throw new InvalidRequestError(
                `the prompt is ${promptTokens} tokens but each worker's context holds ${this.#engine.contextSize}`,
                { param: request.prompt == null ? "messages" : "prompt", code: "context_length_exceeded" }
            );
        if (request.params.format != null) await this.#engine.prepareFormat(request.params.format);

        const mode = this.#mode(request, thinking);
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
            await this.#queue.enter(controller.signal, options.onAccepted).catch((error: unknown) => {
                throw controller.signal.aborted ? controller.signal.reason : error;
            });
            const started = performance.now();
            try {
                emit({ type: "started", workers: mode === "single" ? 1 : this.#engine.slots, request, mode });
                const generated = await this.#generate(request, mode, thinking, Math.min(request.params.maxTokens, room), controller.signal, emit);
                const result: SwarmResult = { model: this.#engine.modelId, promptTokens, mode, ...generated };
                this.#served++;
                emit({ type: "decided", result });
                return result;
            } catch (error) {
                emit({ type: "failed", error: (error as Error).message });
                throw error;
            } finally {
                this.#queue.leave(performance.now() - started);
            }
        } finally {
            clearTimeout(deadline);
            options.signal?.removeEventListener("abort", onClientAbort);
            this.#running.delete(controller);
        }
    }

    /**
     * Stops taking work (new requests get 503), lets the requests already running or waiting finish
     * for up to `graceMs`, cancels whatever is left, then frees the model.
     */
    async dispose(graceMs = 0): Promise<void> {
        if (this.#disposed) return;
        this.#disposed = true;
        const graceEnds = performance.now() + graceMs;
        while (this.#running.size > 0 && performance.now() < graceEnds) await new Promise((resolve) => setTimeout(resolve, 10));
        const error = new ShuttingDownError("the server is shutting down");
        this.#queue.rejectAll(error);
        for (const controller of this.#running) controller.abort(error);
        while (this.#busy.some(Boolean)) await new Promise((resolve) => setTimeout(resolve, 10));
        await this.#engine.dispose();
    }

    /** Holds the workers the request's mode uses (one for `single`, all otherwise) until it is answered. */
    async #generate(request: SwarmRequest, mode: GenerationMode, thinking: ThinkingParams | undefined, maxTokens: number, signal: AbortSignal, emit: (event: SwarmEvent) => void): Promise<Generated> {
        const slots = mode === "single" ? [0] : Array.from({ length: this.#engine.slots }, (_, slot) => slot);
        for (const slot of slots) this.#busy[slot] = true;
        try {
            return await this.#answer(request, mode, { ...this.#plan(request), thinking }, slots, maxTokens, signal, emit);
        } finally {
            for (const slot of slots) this.#busy[slot] = false;
        }
    }

    async #answer(request: SwarmRequest, mode: GenerationMode, plan: RequestPlan, slots: readonly number[], maxTokens: number, signal: AbortSignal, emit: (event: SwarmEvent) => void): Promise<Generated> {
        if (mode === "segments") {
            const generated = await runSegmentRounds({
                workers: slots.length,
                maxTokens,
                signal,
                round: async (answerPrefix, round, roundTokens) => {
                    const shared = await this.#sharePrompt(slots, request, { answerPrefix, thinking: plan.thinking, signal });
                    const { candidates, voters, decision } = await this.#round(request, plan, { slots, maxTokens: roundTokens, signal, emit, adaptive: true, answerPrefix, round });
                    return { candidates, voters, decision, promptEvaluated: sumEvaluated(candidates, shared.evaluated) };
                },
                onSegment: (segment) => emit({ type: "segment", segment })
            });
            for (const result of generated.candidates) emit({ type: "finished", result });
            return generated;
        }
        const shared = await this.#sharePrompt(slots, request, { tools: request.params.tools, thinking: plan.thinking, signal });
        const { candidates, voters, decision } = await this.#round(request, plan, { slots, maxTokens, signal, emit, adaptive: true, finished: true });
        if (signal.aborted) throw signal.reason;
        if (voters.length === 0) {
            const unanswered = candidates.flatMap((candidate, slot) => (candidate.cutWhileThinking === true ? [slot] : []));
            if (unanswered.length === 0) throw new EngineError(`every worker failed: ${candidates[0]?.error ?? "no workers"}`);
            // As OpenAI does: an empty answer cut off by max_tokens, the longest thinking shown.
            const longest = unanswered.reduce((best, slot) => (candidates[slot]!.thoughtTokens ?? 0) > (candidates[best]!.thoughtTokens ?? 0) ? slot : best);
            return { candidates, decision: noAnswerDecision(longest, slots.length, maxTokens), promptEvaluated: sumEvaluated(candidates, shared.evaluated) };
        }
        const promptEvaluated = sumEvaluated(candidates, shared.evaluated);
        const { tools } = request.params;
        const ballots = voters.map((slot) => this.#ballot(candidates[slot]!));
        if (tools != null) {
            const { winner, rejected } = voteToolCalls(voters.map((slot, ballot) => ({ ...ballots[ballot]!, calls: candidates[slot]!.calls ?? [] })), tools, plan.consensus);
            if (winner != null)
                return { candidates, decision: remapDecision(winner.decision, voters, slots.length), promptEvaluated, toolVote: { calls: winner.calls, rejected } };
            if (tools.choice.mode !== "auto") throw noValidCall(candidates, rejected);
        }
        if (tools == null && wantsExecution(ballots, plan.consensus.strategy ?? "auto", this.#options.runCode)) {
            const execution = await checkByExecution(ballots, request, this.#engine, this.#options.runCode, signal);
            return { candidates, decision: remapDecision(decide(ballots, { ...plan.consensus, execution }), voters, slots.length), promptEvaluated };
        }
        if (decision != null) return { candidates, decision, promptEvaluated };
        const judgeReply = plan.consensus.strategy === "judge" && ballots.length > 1 ? await this.#judge(ballots, request, signal) : undefined;
        return { candidates, decision: remapDecision(decide(ballots, { ...plan.consensus, judgeReply }), voters, slots.length), promptEvaluated };
    }

    /** What every round of a request shares: the base seed and temperature, and the vote's options. */
    #plan(request: SwarmRequest): Omit<RequestPlan, "thinking"> {
        return {
            baseSeed: request.params.seed ?? Math.floor(Math.random() * 2 ** 31),
            baseTemperature: request.params.temperature ?? this.#options.defaultTemperature,
            consensus: this.#consensusOptions(request)
        };
    }

    /**
     * One generation on each of `slots` at once. Returns every slot's result (in slot order), the
     * slots that produced a ballot (in finish order), and the decision when the vote could be taken
     * here: adaptive stopping decided it, or no tools and no judge are involved. Without an
     * `answerPrefix` this is the whole answer; with one (a segment round) each worker stops at the
     * next segment boundary.
     */
    async #round(request: SwarmRequest, plan: RequestPlan, round: RoundOptions): Promise<{ candidates: WorkerResult[]; voters: number[]; decision?: Decision }> {
        const { slots, signal, emit } = round;
        const workers = this.#engine.slots;
        const { tools } = request.params;
        const segmented = round.answerPrefix != null;
        // Adaptive stopping votes on text as it comes; tool calls are voted on once every worker is done.
        const adaptive = round.adaptive && tools == null && slots.length > 1 && (request.adaptive ?? this.#options.adaptive ?? false)
            ? new AdaptiveVote({ ...plan.consensus, stopAt: this.#options.adaptiveStopAt })
            : undefined;
        // Aborted by the request (client gone, deadline, shutdown) or once adaptive stopping has enough votes.
        const enough = new AbortController();
        const stop = AbortSignal.any([signal, enough.signal]);
        const voters: number[] = [];
        const seedOffset = (round.round ?? 0) * workers;
        const candidates = await Promise.all(slots.map(async (slot): Promise<WorkerResult> => {
            const worker = workerId(slot);
            const temperature = workerTemperature(plan.baseTemperature, this.#options.temperatureSpread, slot, workers);
            const seed = workerSeed(plan.baseSeed + seedOffset, slot);
            const started = performance.now();
            try {
                const generation = await watchProgress(this.#options.stallTimeoutMs ?? 60_000, stop, (signal, progress) => {
                    const options: EngineGenerateOptions = {
                        maxTokens: round.maxTokens,
                        temperature,
                        topP: request.params.topP,
                        seed,
                        stop: request.params.stop ?? [],
                        format: request.params.format,
                        tools,
                        thinking: plan.thinking,
                        signal,
                        ...(segmented ? { answerPrefix: round.answerPrefix, boundaries: segmentBoundaries } : {}),
                        onText: (text) => emit({ type: "text", worker, text }),
                        onThought: (text) => emit({ type: "thought", worker, text }),
                        onProgress: progress
                    };
                    return request.prompt == null ? this.#engine.generate(slot, request.messages, options) : this.#engine.complete(slot, request.prompt, options);
                });
                const result: WorkerResult = { worker, temperature, seed, latencyMs: Math.round(performance.now() - started), ...generation };
                // Only final answers vote: a worker cut off while still thinking has none.
                if (result.cutWhileThinking !== true) {
                    voters.push(slots.indexOf(slot));
                    if (adaptive?.add(this.#ballot(result)) === true) enough.abort();
                }
                if (round.finished === true) emit({ type: "finished", result });
                return result;
            } catch (error) {
                // A slot that cannot be recycled fails its later generations; the other workers keep voting.
                if (error instanceof EngineError && error.code === "worker_stalled") await this.#engine.recycle(slot).catch(() => undefined);
                const cancelled = enough.signal.aborted && !signal.aborted;
                return {
                    worker,
                    temperature,
                    seed,
                    text: "",
                    tokens: 0,
                    latencyMs: Math.round(performance.now() - started),
                    finishReason: cancelled ? "cancelled" : "error",
                    error: cancelled ? "stopped early: the vote was already decided" : (error as Error).message
                };
            }
        }));
        if (signal.aborted) throw signal.reason;
        if (voters.length === 0) return { candidates, voters };
        if (adaptive != null) return { candidates, voters, decision: remapDecision(adaptive.decision(), voters, slots.length) };
        const ballots = voters.map((index) => this.#ballot(candidates[index]!));
        // Tool calls, the judge and code checked by running it are voted by the whole-answer path; a segment is never run as code.
        if (tools != null || plan.consensus.strategy === "judge" || (!segmented && wantsExecution(ballots, plan.consensus.strategy ?? "auto", this.#options.runCode))) return { candidates, voters };
        return { candidates, voters, decision: remapDecision(decide(ballots, plan.consensus), voters, slots.length) };
    }

    /** Universal self-consistency: worker 0 reads every candidate and names the most consistent one. */
    async #judge(ballots: readonly Candidate[], request: SwarmRequest, signal: AbortSignal): Promise<string | undefined> {
        try {
            const reply = await this.#engine.generate(0, [{ role: "user", content: judgePrompt(ballots, lastUserMessage(request)) }], {
                maxTokens: 32,
                temperature: 0,
                seed: 0,
                stop: ["\n"],
                signal
            });
            return reply.text;
        } catch {
            // The judge strategy falls back to similarity without a reply, and says so in its reason.
            return undefined;
        }
    }

    #consensusOptions(request: SwarmRequest): ConsensusOptions {
        return {
            strategy: request.strategy ?? this.#options.strategy,
            prompt: lastUserMessage(request),
            weights: this.#options.weights,
            abstainBelow: this.#options.abstainBelow
        };
    }

    /** The prompt readied once for every slot; a raw prompt has no chat rendering to share, each worker continues it from what it holds. */
    async #sharePrompt(slots: readonly number[], request: SwarmRequest, options: SharePromptOptions): Promise<PromptSharing> {
        if (slots.length < 2 || request.prompt != null || this.#engine.sharePrompt == null) return { evaluated: 0, copies: 0 };
        return await this.#engine.sharePrompt(slots, request.messages, options);
    }

    /** The request's thinking options with the server's budget filled in. */
    #thinking(request: SwarmRequest): ThinkingParams | undefined {
        const asked = request.params.thinking;
        const budget = asked?.budget ?? this.#options.thinkingBudget;
        const thinking: ThinkingParams | undefined = asked == null && budget == null ? undefined : { ...asked, ...(budget == null ? {} : { budget }) };
        const support = this.#engine.thinking;
        if (thinking?.enabled === false && support?.canTurnOff !== true && support?.alwaysThinks === true)
            throw new InvalidRequestError(`${this.#engine.modelId} always thinks before it answers: its chat template has no switch to turn thinking off (set thinking_budget to keep it short)`, {
                param: "chat_template_kwargs.enable_thinking",
                code: "thinking_not_optional"
            });
        return thinking;
    }

    /**
     * The request's mode as this swarm can run it: segments need a chat reply whose text is the
     * answer, so a raw prompt, or a model that thinks before it answers (its thought would be cut at
     * the first sentence end), is voted whole instead.
     */
    #mode(request: SwarmRequest, thinking: ThinkingParams | undefined): GenerationMode {
        const mode = request.mode ?? "whole";
        if (mode !== "segments") return mode;
        const thinks = this.#engine.thinking?.separates === true && thinking?.enabled !== false;
        return request.prompt != null || thinks ? "whole" : mode;
    }

    /** What the vote sees of a worker: its final answer, never its thinking. */
    #ballot(result: WorkerResult): Candidate {
        return {
            text: result.text,
            worker: result.worker,
            model: this.#engine.modelId,
            latencyMs: result.latencyMs,
            finishReason: result.finishReason,
            tokens: result.tokens - (result.thoughtTokens ?? 0)
        };
    }
}

/** No worker finished thinking before max_tokens: nothing to vote on, `winner` is shown with an empty answer. */
function noAnswerDecision(winner: number, workers: number, maxTokens: number): Decision {
    return {
        strategy: "fastest",
        reason: `no worker finished thinking within ${maxTokens} tokens, so there was no answer to vote on (raise max_tokens or set thinking_budget)`,
        winner,
        answer: null,
        scores: Array.from({ length: workers }, (_, slot) => (slot === winner ? 0 : Number.NaN)),
        ranking: [winner],
        agreement: 0,
        confidence: 0,
        abstain: true,
        used: 0
    };
}

/** A forced call that no worker delivered: each was cut off by max_tokens, failed, or broke the schema. */
function noValidCall(candidates: readonly WorkerResult[], rejected: readonly RejectedCall[]): EngineError {
    const why = candidates.map((candidate) => `${candidate.worker}: ${candidate.error
        ?? rejected.find((entry) => entry.worker === candidate.worker)?.reason
        ?? (candidate.finishReason === "length" ? "ran out of tokens before finishing the call (raise max_tokens)" : "answered with text")}`);
    return new EngineError(`no worker produced a valid tool call (${why.join("; ")})`, { code: "no_valid_tool_call" });
}

function lastUserMessage(request: SwarmRequest): string | undefined {
    return request.messages.filter((message) => message.role === "user").at(-1)?.content;
}

/** Maps a decision over the voters (in finish order) back onto worker slots; non-voters score NaN (and pass 0 tests). */
function remapDecision(decision: Decision, voters: readonly number[], workers: number): Decision {
    const bySlot = <T>(values: readonly T[], missing: T): T[] => {
        const mapped = Array.from({ length: workers }, () => missing);
        voters.forEach((slot, ballot) => {
            mapped[slot] = values[ballot]!;
        });
        return mapped;
    };
    const { execution } = decision;
    return {
        ...decision,
        winner: voters[decision.winner]!,
        ranking: decision.ranking.map((ballot) => voters[ballot]!),
        scores: bySlot(decision.scores, Number.NaN),
        ...(execution == null ? {} : {
            execution: {
                ...execution,
                passes: bySlot(execution.passes, 0),
                statuses: bySlot(execution.statuses, "no_code"),
                group: execution.group.map((ballot) => voters[ballot]!)
            }
        })
    };
}

/** Prompt tokens evaluated for a request: the shared evaluation once, plus what each worker evaluated itself. */
function sumEvaluated(candidates: readonly WorkerResult[], shared: number): number {
    return candidates.reduce((sum, candidate) => sum + (candidate.promptEvaluated ?? 0), shared);
}

function workerId(slot: number): string {
    return `w${slot}`;
}
