import { admitStream, type VotedRun } from "../admitStream.ts";
import { sseResponse } from "../sseResponse.ts";
import { choicePieces } from "./choicePieces.ts";
import { pickChoices, swarmExtension, thinkTags, usageOf, wireToolCalls } from "./toCompletion.ts";
import type { ReasoningFormat } from "./toThinking.ts";

export interface StreamOptions {
    readonly id: string;
    readonly created: number;
    readonly n: number;
    readonly includeUsage: boolean;
    readonly reasoningFormat: ReasoningFormat;
    /** How often an SSE comment keeps the connection alive while the workers vote. */
    readonly keepAliveMs: number;
    /** Aborted when the client goes away. */
    readonly signal: AbortSignal;
}

/**
 * OpenAI server-sent events for a voted chat answer (`sseResponse` keeps the connection alive while
 * the workers vote). Each chosen candidate is sent as its worker's thinking chunks (as
 * `reasoning_content` deltas and/or inline, by `reasoning_format`), then the text chunks its worker produced (a peer's
 * answer in a federated vote, which this node only got whole, in word-sized pieces: `choicePieces`),
 * a final chunk with `finish_reason` and the `swarm` extension, an optional usage chunk, and `[DONE]`.
 * The stream starts only once the swarm has accepted the request (`admitStream`), so a refusal (a
 * full queue's 429, a prompt too long) is an HTTP error status, not an error event inside a 200.
 */
export async function streamCompletion(run: VotedRun, options: StreamOptions): Promise<Response> {
    const admitted = await admitStream(run, options.signal);
    return sseResponse(admitted, options.keepAliveMs, (result, data) => {
        const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
            data({ id: options.id, object: "chat.completion.chunk", created: options.created, model: result.model, system_fingerprint: null, choices, ...extra });
        // A voted tool call is one answer (n > 1 is refused with tools).
        const choices = result.toolVote != null ? [result.decision.winner] : pickChoices(result, options.n);
        const toolCalls = result.toolVote == null ? undefined : wireToolCalls(result.toolVote.calls);
        choices.forEach((candidateIndex, index) => {
            const candidate = result.candidates[candidateIndex]!;
            chunk([{ index, delta: { role: "assistant", content: toolCalls != null && candidate.text === "" ? null : "" }, logprobs: null, finish_reason: null }]);
            const content = (piece: string) => {
                if (piece !== "") chunk([{ index, delta: { content: piece }, logprobs: null, finish_reason: null }]);
            };
            const thought = options.reasoningFormat === "hidden" ? "" : candidate.thought ?? "";
            const thoughtPieces = thought === "" ? [] : choicePieces(result, candidate, admitted.recordedThoughts, thought);
            if (options.reasoningFormat === "separate" || options.reasoningFormat === "both")
                for (const piece of thoughtPieces)
                    if (piece !== "") chunk([{ index, delta: { reasoning_content: piece }, logprobs: null, finish_reason: null }]);
            if (thought !== "" && (options.reasoningFormat === "inline" || options.reasoningFormat === "both")) {
                content(thinkTags.open);
                thoughtPieces.forEach(content);
                content(thinkTags.close);
            }
            choicePieces(result, candidate, admitted.recorded).forEach(content);
            // Each call opens with its index, id, type and name, then carries its arguments,
            // the way the openai SDK's stream helpers assemble tool calls.
            toolCalls?.forEach((call, callIndex) => {
                chunk([{ index, delta: { tool_calls: [{ index: callIndex, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }, logprobs: null, finish_reason: null }]);
                chunk([{ index, delta: { tool_calls: [{ index: callIndex, function: { arguments: call.function.arguments } }] }, logprobs: null, finish_reason: null }]);
            });
            const finishReason = toolCalls == null ? candidate.finishReason : "tool_calls";
            chunk([{ index, delta: {}, logprobs: null, finish_reason: finishReason }], index === choices.length - 1 ? { swarm: swarmExtension(result) } : {});
        });
        if (options.includeUsage) chunk([], { usage: usageOf(result, choices) });
    });
}
