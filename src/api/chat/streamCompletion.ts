import type { SwarmEvent } from "../../swarm/index.ts";
import { admitStream, type VotedRun } from "../admitStream.ts";
import { LiveAnswer } from "../LiveAnswer.ts";
import { sseResponse } from "../sseResponse.ts";
import { choicePieces } from "./choicePieces.ts";
import { pickChoices, swarmExtension, thinkTags, usageOf, wireToolCalls } from "./toCompletion.ts";
import type { ReasoningFormat } from "./toThinking.ts";

export interface StreamOptions {
    readonly id: string;
    readonly created: number;
    /** The served model, named in chunks sent before the answer is known. */
    readonly model: string;
    readonly n: number;
    readonly includeUsage: boolean;
    readonly reasoningFormat: ReasoningFormat;
    /** How often an SSE comment keeps the connection alive while the workers vote. */
    readonly keepAliveMs: number;
    /** Aborted when the client goes away. */
    readonly signal: AbortSignal;
}

/**
 * OpenAI server-sent events for a voted chat answer, in the request's mode (the swarm's `started`
 * event says which; `sseResponse` keeps the connection alive with comments whenever nothing else is
 * sent):
 * - `single`: one worker, no vote: its text goes out as it is generated, and its thinking as
 *   `reasoning_content` and/or inline, by `reasoning_format`.
 * - `segments`: each segment goes out as soon as the swarm has voted on it.
 * - `whole`: while the workers vote, the first worker to write shows its draft as
 *   `reasoning_content` deltas, the field chat UIs show as thinking and other clients ignore (not
 *   for a model that thinks, whose reasoning is its real thinking, nor with `reasoning_format`
 *   inline or hidden). Then each chosen candidate is sent as its worker's
 *   thinking chunks (as `reasoning_content` deltas and/or inline, by `reasoning_format`), then the
 *   text chunks its worker produced (a peer's answer in a federated vote, which this node only got
 *   whole, in word-sized pieces: `choicePieces`).
 * Then a final chunk with `finish_reason` and the `swarm` extension, an optional usage chunk, and
 * `[DONE]`. The stream starts only once the swarm has accepted the request (`admitStream`), so a
 * refusal (a full queue's 429, a prompt too long) is an HTTP error status, not an error event inside a 200.
 */
export async function streamCompletion(run: VotedRun, options: StreamOptions): Promise<Response> {
    const admitted = await admitStream(run, options.signal, { follows: true });
    const reasoningApart = options.reasoningFormat === "separate" || options.reasoningFormat === "both";
    const reasoningInline = options.reasoningFormat === "inline" || options.reasoningFormat === "both";
    const live = new LiveAnswer();
    let leader: string | undefined;
    // A model that thinks shows its real thinking as reasoning, so no draft stands in for it.
    let thinks = false;
    let inlineThoughtOpen = false;
    const follow = (event: SwarmEvent, data: (value: unknown) => void) => {
        const delta = (value: Record<string, unknown>) =>
            data({ id: options.id, object: "chat.completion.chunk", created: options.created, model: options.model, system_fingerprint: null, choices: [{ index: 0, delta: value, logprobs: null, finish_reason: null }] });
        const piece = live.read(event);
        if (event.type === "started") {
            if (live.mode !== "whole") delta({ role: "assistant", content: "" });
        } else if (piece != null) {
            if (inlineThoughtOpen) delta({ content: thinkTags.close });
            inlineThoughtOpen = false;
            delta({ content: piece });
        } else if (event.type === "thought") {
            thinks = true;
            if (live.mode !== "single" || event.text === "") return;
            if (reasoningApart) delta({ reasoning_content: event.text });
            if (reasoningInline) {
                if (!inlineThoughtOpen) delta({ content: thinkTags.open });
                inlineThoughtOpen = true;
                delta({ content: event.text });
            }
        } else if (event.type === "text" && event.text !== "" && live.mode === "whole" && reasoningApart && !thinks) {
            leader ??= event.worker;
            if (event.worker === leader) delta({ role: "assistant", reasoning_content: event.text });
        }
    };
    return sseResponse(admitted, options.keepAliveMs, (result, data) => {
        const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
            data({ id: options.id, object: "chat.completion.chunk", created: options.created, model: result.model, system_fingerprint: null, choices, ...extra });
        const rest = live.rest(result);
        if (rest != null) {
            // The answer went out as it was made; only a tail the live text missed is left.
            const candidate = result.candidates[result.decision.winner]!;
            if (inlineThoughtOpen) chunk([{ index: 0, delta: { content: thinkTags.close }, logprobs: null, finish_reason: null }]);
            if (rest !== "") chunk([{ index: 0, delta: { content: rest }, logprobs: null, finish_reason: null }]);
            chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: candidate.finishReason }], { swarm: swarmExtension(result) });
            if (options.includeUsage) chunk([], { usage: usageOf(result, [result.decision.winner]) });
            return;
        }
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
    }, follow);
}
