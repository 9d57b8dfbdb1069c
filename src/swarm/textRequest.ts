import type { SwarmRequest, TextPrompt } from "./types.ts";

/**
 * A raw-prompt request. Its `messages` carry the prompt as one user message, so what reads a
 * request's prompt (the vote's answer extraction, the judge, the dashboard) reads this one too.
 */
export function textRequest(prompt: TextPrompt, rest: Omit<SwarmRequest, "messages" | "prompt">): SwarmRequest {
    return { ...rest, messages: [{ role: "user", content: prompt.text }], prompt };
}
