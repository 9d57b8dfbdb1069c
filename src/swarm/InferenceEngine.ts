import type { ProposedCall, ToolCalling } from "../tools/index.ts";
import type { ChatMessage, OutputFormat } from "./types.ts";

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
    /** Checks an output format can be enforced (and readies it); throws InvalidRequestError otherwise. */
    prepareFormat(format: OutputFormat): Promise<void>;
    /** Generates on one slot; rejects with the signal's reason when aborted. */
    generate(slot: number, messages: readonly ChatMessage[], options: EngineGenerateOptions): Promise<EngineGeneration>;
    dispose(): Promise<void>;
}
