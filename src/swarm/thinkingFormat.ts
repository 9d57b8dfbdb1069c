import { HarmonyChatWrapper, LlamaText, type ChatModelSegment, type ChatWrapper, type LlamaChatResponse } from "node-llama-cpp";
import type { ThinkingSupport } from "./InferenceEngine.ts";

/**
 * What a chat format allows for thinking. node-llama-cpp's wrappers know where thinking starts and
 * ends (their `thought` segment); the GGUF's template says whether it can be turned off (Qwen3's
 * `enable_thinking` switch). A format whose thought opens with the answer (DeepSeek-R1, Qwen3
 * Thinking-2507) or that always reasons (gpt-oss Harmony) cannot be told not to think.
 */
export function thinkingSupport(wrapper: ChatWrapper, template: string | undefined): ThinkingSupport {
    const thought = wrapper.settings.segments?.thought;
    if (thought == null) return { separates: false, canTurnOff: false, alwaysThinks: false, effort: false };
    const opensAtStart = thought.openOnResponseStart === true || (typeof thought.prefix === "object" && !LlamaText.isLlamaText(thought.prefix) && thought.prefix.type === "openedOnStart");
    const harmony = wrapper instanceof HarmonyChatWrapper;
    return {
        separates: true,
        canTurnOff: !harmony && template?.includes("enable_thinking") === true,
        alwaysThinks: harmony || opensAtStart,
        effort: harmony
    };
}

/**
 * An empty, finished thought to start the model's reply with: the wrapper renders it the way the
 * template renders `enable_thinking: false` (`<think>\n\n</think>`), and the model answers at once.
 */
export function emptyThought(wrapper: ChatWrapper): ChatModelSegment | undefined {
    const thought = wrapper.settings.segments?.thought;
    if (thought == null || !LlamaText.isLlamaText(thought.prefix) || thought.suffix == null) return undefined;
    return { type: "segment", segmentType: "thought", text: "", ended: true, raw: LlamaText([thought.prefix, thought.suffix]).toJSON() };
}

/** The thinking of a response (every thought segment, in order) and whether it was cut off unfinished. */
export function responseThought(response: LlamaChatResponse<never>["fullResponse"]): { text: string; unfinished: boolean } {
    const thoughts = response.filter((item) => typeof item !== "string" && item.segmentType === "thought");
    const last = response.at(-1);
    return {
        text: thoughts.map((item) => (typeof item === "string" ? item : item.text)).join(""),
        unfinished: last != null && typeof last !== "string" && last.segmentType === "thought" && !last.ended
    };
}
