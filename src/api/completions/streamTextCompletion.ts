import type { SwarmResult } from "../../swarm/index.ts";
import { admitStream, type VotedRun } from "../admitStream.ts";
import { LiveAnswer } from "../LiveAnswer.ts";
import { choicePieces } from "../chat/choicePieces.ts";
import { pickChoices, swarmExtension, usageOf } from "../chat/toCompletion.ts";
import { sseResponse } from "../sseResponse.ts";

export interface TextStreamOptions {
    readonly id: string;
    readonly created: number;
    /** The served model, named in chunks sent before the answer is known. */
    readonly model: string;
    readonly n: number;
    /** Sent first in each choice when `echo`. */
    readonly echo: string | undefined;
    readonly includeUsage: boolean;
    readonly keepAliveMs: number;
    readonly signal: AbortSignal;
}

/**
 * A streamed text completion, as OpenAI's legacy completions stream it: `text_completion` chunks
 * of the answer as it is generated (one worker: `single` mode), or after the vote of each chosen
 * candidate's text (its worker's own chunks), a last chunk per choice with its
 * `finish_reason` (the final one with the `swarm` extension), an optional usage chunk, `[DONE]`.
 * Admission, keep-alive and errors are the chat stream's (`admitStream`, `sseResponse`).
 */
export async function streamTextCompletion(run: VotedRun, options: TextStreamOptions): Promise<Response> {
    const admitted = await admitStream(run, options.signal, { follows: true });
    const live = new LiveAnswer();
    const send = (data: (value: unknown) => void, model: string, choices: unknown[], extra: Record<string, unknown> = {}) =>
        data({ id: options.id, object: "text_completion", created: options.created, model, system_fingerprint: null, choices, ...extra });
    const text = (value: string, index = 0) => ({ text: value, index, logprobs: null, finish_reason: null });
    return sseResponse(admitted, options.keepAliveMs, (result: SwarmResult, data) => {
        const rest = live.rest(result);
        const choices = pickChoices(result, options.n);
        choices.forEach((candidateIndex, index) => {
            const candidate = result.candidates[candidateIndex]!;
            const pieces = rest == null ? [options.echo ?? "", ...choicePieces(result, candidate, admitted.recorded)] : [rest];
            for (const piece of pieces) if (piece !== "") send(data, result.model, [text(piece, index)]);
            send(data, result.model, [{ ...text("", index), finish_reason: candidate.finishReason }], index === choices.length - 1 ? { swarm: swarmExtension(result) } : {});
        });
        if (options.includeUsage) send(data, result.model, [], { usage: usageOf(result, choices) });
    }, (event, data) => {
        const piece = live.read(event);
        // The echoed prompt goes first, as soon as the answer is known to stream as it is made.
        if (event.type === "started" && live.mode !== "whole" && (options.echo ?? "") !== "") send(data, options.model, [text(options.echo!)]);
        if (piece != null) send(data, options.model, [text(piece)]);
    });
}
