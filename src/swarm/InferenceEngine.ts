import type { ProposedCall, ToolCalling } from "../tools/index.ts";
import type { ChatMessage, OutputFormat, TextPrompt } from "./types.ts";

export interface EngineGenerateOptions {
    readonly maxTokens: number;
    readonly temperature: number;
    readonly topP?: number;
    readonly seed: number;
    readonly stop: readonly string[];
    readonly format?: OutputFormat;
    /** Functions offered to the model; never together with `format`. */
    readonly tools?: ToolCalling;
    readonly signal: AbortSignal;
    readonly onText?: (text: string) => void;
    /** Called for every generated token: the swarm's stall watchdog listens to it. */
    readonly onProgress?: () => void;
}

export interface EngineGeneration {
    readonly text: string;
    /** Tokens really generated (not a re-tokenisation of the text). */
    readonly tokens: number;
    readonly finishReason: "stop" | "length" | "tool_calls";
    /** Calls the model made, in order (finishReason "tool_calls"); their arguments follow the grammar. */
    readonly calls?: readonly ProposedCall[];
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
    /** Prompt tokens these messages (and the offered functions' documentation) become once formatted for the model. */
    countPromptTokens(messages: readonly ChatMessage[], tools?: ToolCalling): number;
    /** Whether the model can fill in the middle (a raw prompt with a `suffix`). */
    readonly infill: boolean;
    /** Prompt tokens a raw prompt becomes (prefix and suffix, with the model's markers). */
    countTextTokens(prompt: TextPrompt): number;
    /** Checks an output format can be enforced (and readies it); throws InvalidRequestError otherwise. */
    prepareFormat(format: OutputFormat): Promise<void>;
    /** Generates on one slot; rejects with the signal's reason when aborted. */
    generate(slot: number, messages: readonly ChatMessage[], options: EngineGenerateOptions): Promise<EngineGeneration>;
    /** Continues a raw prompt on one slot (or fills in before its suffix); rejects with the signal's reason when aborted. */
    complete(slot: number, prompt: TextPrompt, options: EngineGenerateOptions): Promise<EngineGeneration>;
    /** Gives a slot a fresh sequence (its old one and whatever generation hung on it are dropped), after a stall. */
    recycle(slot: number): Promise<void>;
    dispose(): Promise<void>;
}
