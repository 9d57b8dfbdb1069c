import type { ProposedCall, ToolCalling } from "../tools/index.ts";
import type { ChatMessage, OutputFormat, TextPrompt, ThinkingParams } from "./types.ts";

export interface EngineGenerateOptions {
    readonly maxTokens: number;
    readonly temperature: number;
    readonly topP?: number;
    readonly seed: number;
    readonly stop: readonly string[];
    readonly format?: OutputFormat;
    /** Functions offered to the model; never together with `format`. */
    readonly tools?: ToolCalling;
    /** How the model may think before it answers; absent: as its template does by default, no budget. */
    readonly thinking?: ThinkingParams;
    readonly signal: AbortSignal;
    /**
     * The start of the answer, already decided (an earlier segment vote): the generation continues
     * it, and its text is not part of the returned `text`. An engine that remembers which tokens
     * wrote this text (a slot's last segment round) continues from those, not from a re-tokenisation.
     */
    readonly answerPrefix?: string;
    /**
     * Strings that end this generation without ending the answer (a segment's end); the one hit is
     * kept in `text` and reported as `boundary`. The request's own `stop` strings win over these.
     */
    readonly boundaries?: readonly string[];
    /** The answer as it is written (never the thinking). */
    readonly onText?: (text: string) => void;
    /** The thinking as it is written, for models that think before they answer. */
    readonly onThought?: (text: string) => void;
    /** Called for every generated token, thinking included: the swarm's stall watchdog listens to it. */
    readonly onProgress?: () => void;
}

export interface SharePromptOptions {
    readonly tools?: ToolCalling;
    readonly thinking?: ThinkingParams;
    /** As in EngineGenerateOptions: the decided start of the answer, part of what is shared. */
    readonly answerPrefix?: string;
    readonly signal: AbortSignal;
}

export interface PromptSharing {
    /** Prompt tokens evaluated once for the slots that took a copy. */
    readonly evaluated: number;
    /** Slots that took a copy of the evaluated state. */
    readonly copies: number;
}

export interface EngineGeneration {
    /** The final answer, without the thinking. */
    readonly text: string;
    /** Tokens really generated, thinking and answer (not a re-tokenisation of the text). */
    readonly tokens: number;
    /** The thinking, as the chat format separates it from the answer; absent or "" when the model did not think. */
    readonly thought?: string;
    /** Of `tokens`, those spent thinking (absent: 0). */
    readonly thoughtTokens?: number;
    /** True when the generation ended (max tokens) before the thinking did: there is no answer. */
    readonly cutWhileThinking?: boolean;
    readonly finishReason: "stop" | "length" | "tool_calls";
    /** Set when a `boundaries` string ended the generation: the answer goes on. */
    readonly boundary?: string;
    /** Prompt tokens this generation evaluated itself (what its sequence did not already hold); absent: not counted. */
    readonly promptEvaluated?: number;
    /** Calls the model made, in order (finishReason "tool_calls"); their arguments follow the grammar. */
    readonly calls?: readonly ProposedCall[];
}

/** What a model's chat format allows for thinking. */
export interface ThinkingSupport {
    /** The format separates thinking from the answer (thinking models, and families that have them). */
    readonly separates: boolean;
    /** The template can turn thinking off (Qwen3's `enable_thinking`). */
    readonly canTurnOff: boolean;
    /** The model always thinks first: its thought opens with the reply, or the format always reasons. */
    readonly alwaysThinks: boolean;
    /** The format has reasoning effort levels (gpt-oss Harmony). */
    readonly effort: boolean;
}

/**
 * The narrow interface the swarm needs from an inference backend. `slots` independent sequences
 * share one loaded model; a slot runs one generation at a time.
 */
export interface InferenceEngine {
    /** Name clients use for the model (`model` in the API). */
    readonly modelId: string;
    readonly slots: number;
    /** Context tokens each slot has. */
    readonly contextSize: number;
    /** Absent: the engine never separates thinking (it treats every model as a plain one). */
    readonly thinking?: ThinkingSupport;
    /** Prompt tokens these messages (and the offered functions' documentation) become once formatted for the model. */
    countPromptTokens(messages: readonly ChatMessage[], tools?: ToolCalling, thinking?: ThinkingParams): number;
    /** Whether the model can fill in the middle (a raw prompt with a `suffix`). */
    readonly infill: boolean;
    /** Prompt tokens a raw prompt becomes (prefix and suffix, with the model's markers). */
    countTextTokens(prompt: TextPrompt): number;
    /** Checks an output format can be enforced (and readies it); throws InvalidRequestError otherwise. */
    prepareFormat(format: OutputFormat): Promise<void>;
    /**
     * Readies the prompt in every one of `slots` before they generate: it is evaluated once, in the
     * slot that already holds most of it, and the others receive a copy of that state, when copying
     * saves evaluating more than a few tokens. Rejects with the signal's reason when aborted.
     * Absent (scripted engines): every slot evaluates the prompt itself.
     */
    sharePrompt?(slots: readonly number[], messages: readonly ChatMessage[], options: SharePromptOptions): Promise<PromptSharing>;
    /** Generates on one slot; rejects with the signal's reason when aborted. */
    generate(slot: number, messages: readonly ChatMessage[], options: EngineGenerateOptions): Promise<EngineGeneration>;
    /** Continues a raw prompt on one slot (or fills in before its suffix); rejects with the signal's reason when aborted. */
    complete(slot: number, prompt: TextPrompt, options: EngineGenerateOptions): Promise<EngineGeneration>;
    /** Gives a slot a fresh sequence (its old one and whatever generation hung on it are dropped), after a stall. */
    recycle(slot: number): Promise<void>;
    dispose(): Promise<void>;
}
