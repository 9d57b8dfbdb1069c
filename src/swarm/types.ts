import type { Decision, RequestedStrategy } from "../consensus/index.ts";
import type { ProposedCall, RejectedCall, ToolCalling } from "../tools/index.ts";

export type ChatRole = "system" | "user" | "assistant" | "tool";

/** One turn of the conversation, already flattened to text. */
export interface ChatMessage {
    readonly role: ChatRole;
    readonly content: string;
    /** On an assistant message: the tool calls it made. */
    readonly toolCalls?: readonly ToolCall[];
    /** On a tool message: the id of the call it answers. */
    readonly toolCallId?: string;
}

/** A tool call as the conversation carries it: arguments are JSON text. */
export interface ToolCall {
    readonly id: string;
    readonly name: string;
    readonly arguments: string;
}

/** Sampling settings of one request; the swarm derives each worker's own from them. */
export interface GenerationParams {
    readonly maxTokens: number;
    /** Absent: the server's default temperature. */
    readonly temperature?: number;
    readonly topP?: number;
    /** Worker i samples with seed + i, so a seeded request is reproducible. */
    readonly seed?: number;
    readonly stop?: readonly string[];
    /** Constrains every answer (enforced by a grammar while sampling). */
    readonly format?: OutputFormat;
    /** Functions the workers may (or must) call; absent: text only. */
    readonly tools?: ToolCalling;
    /** Thinking options for models that think before they answer; absent: the server's defaults. */
    readonly thinking?: ThinkingParams;
}

/** gpt-oss (Harmony) reasoning effort levels. */
export type ReasoningEffort = "low" | "medium" | "high";

/** How a thinking model may think. `max_tokens` still bounds thinking and answer together. */
export interface ThinkingParams {
    /** false: the answer starts at once (only where the template can turn thinking off). Default true. */
    readonly enabled?: boolean;
    /** Most tokens a worker may think before its thought is closed and it must answer. */
    readonly budget?: number;
    readonly effort?: ReasoningEffort;
}

/** `json`: any JSON value; `jsonSchema`: JSON matching the schema. */
export type OutputFormat = { readonly kind: "json" } | { readonly kind: "jsonSchema"; readonly schema: object };

/** A raw prompt the workers continue as is, without the chat template (completions, Ollama's generate). */
export interface TextPrompt {
    readonly text: string;
    /** Text that must follow the answer: the model fills in the middle (only a model with infill tokens can). */
    readonly suffix?: string;
}
/**
 * How the workers answer (see `chooseMode`): `single`, one worker and no vote; `segments`, every
 * worker writes the next sentence or line, the swarm votes on it and all continue from the winner;
 * `whole`, every worker writes a whole answer, then one vote.
 */
export type GenerationMode = "single" | "segments" | "whole";

export interface SwarmRequest {
    /** The conversation; for a raw-prompt request, its prompt as one user message (what the vote and the dashboard read). */
    readonly messages: readonly ChatMessage[];
    /** Set for a raw-prompt request (build it with `textRequest`): the workers continue this text instead of answering `messages`. */
    readonly prompt?: TextPrompt;
    /** Absent: `whole`. */
    readonly mode?: GenerationMode;
    readonly params: GenerationParams;
    readonly strategy?: RequestedStrategy;
    /** Stop the other workers once the leading answer is decided; absent: the server's setting. */
    readonly adaptive?: boolean;
    /** Tests for the `execution` strategy; absent: the workers write them. */
    readonly tests?: readonly string[];
    /** The code's language for the `execution` strategy; absent: read from the answers and the prompt. */
    readonly language?: string;
}

/** "cancelled": stopped early because adaptive stopping had enough votes. */
export type FinishReason = "stop" | "length" | "tool_calls" | "error" | "cancelled";

/** What one worker produced for one request. */
export interface WorkerResult {
    readonly worker: string;
    /** The final answer (what the vote compares), never the thinking. */
    readonly text: string;
    /** Tokens the worker really generated, thinking included. */
    readonly tokens: number;
    /** The worker's thinking; absent or "" when it did not think (or a peer did not say). */
    readonly thought?: string;
    /** Of `tokens`, those spent thinking. */
    readonly thoughtTokens?: number;
    /** max_tokens ran out while the worker was still thinking: it has no answer and does not vote. */
    readonly cutWhileThinking?: boolean;
    readonly latencyMs: number;
    readonly finishReason: FinishReason;
    /** Set when finishReason is "error" or "cancelled". */
    readonly error?: string;
    readonly temperature: number;
    readonly seed: number;
    /** The tool calls the worker proposed (finishReason "tool_calls"). */
    readonly calls?: readonly ProposedCall[];
    /** A segment round's result: the boundary that ended the segment (the answer goes on). */
    readonly boundary?: string;
    /** Prompt tokens the worker evaluated itself (what its sequence did not hold, shared state included). */
    readonly promptEvaluated?: number;
}

/** One decided piece of a `segments` answer. */
export interface DecidedSegment {
    readonly index: number;
    readonly text: string;
    /** The worker whose segment won. */
    readonly worker: string;
    readonly agreement: number;
    /** Workers that voted on it. */
    readonly voters: number;
}

export interface SwarmResult {
    readonly model: string;
    /** Every worker's result, in worker order. */
    readonly candidates: readonly WorkerResult[];
    /** The vote; its indices refer to `candidates`. */
    readonly decision: Decision;
    /** Prompt tokens as fed to the model. */
    readonly promptTokens: number;
    /**
     * Prompt tokens really evaluated for this request, by all workers together: the shared prompt
     * once, plus what each worker evaluated itself. Less than `promptTokens` when earlier turns were kept.
     */
    readonly promptEvaluated?: number;
    /** How the workers answered. */
    readonly mode?: GenerationMode;
    /** A `segments` answer's pieces, in order; they add up to the answer. */
    readonly segments?: readonly DecidedSegment[];
    /**
     * Set when the request offered tools and the swarm voted to call them: the answer is
     * `toolVote.calls`, and `decision` is that vote.
     */
    readonly toolVote?: { readonly calls: readonly ProposedCall[]; readonly rejected: readonly RejectedCall[] };
}

/** Progress of one request, for streaming and the dashboard. */
export type SwarmEvent =
    | { readonly type: "started"; readonly workers: number; readonly request: SwarmRequest; readonly mode: GenerationMode }
    | { readonly type: "text"; readonly worker: string; readonly text: string }
    /** A piece of a worker's thinking (models that think before they answer). */
    | { readonly type: "thought"; readonly worker: string; readonly text: string }
    /** `segments`: the next piece of the answer is decided (stream it). */
    | { readonly type: "segment"; readonly segment: DecidedSegment }
    | { readonly type: "finished"; readonly result: WorkerResult }
    | { readonly type: "decided"; readonly result: SwarmResult }
    /** The request ended without a decision (cancelled, deadline, shutdown, every worker failed). */
    | { readonly type: "failed"; readonly error: string };

export interface WorkerStatus {
    readonly id: string;
    readonly busy: boolean;
}

export interface SwarmStatus {
    readonly model: string;
    readonly workers: readonly WorkerStatus[];
    /** Requests waiting for the workers. */
    readonly queued: number;
    readonly queueSize: number;
    readonly served: number;
}
