import type { SwarmResult } from "../../swarm/index.ts";
import { admitStream, type VotedRun } from "../admitStream.ts";
import { choicePieces } from "../chat/choicePieces.ts";
import { pickChoices, swarmExtension, usageOf } from "../chat/toCompletion.ts";
import { sseResponse } from "../sseResponse.ts";

export interface TextStreamOptions {
    readonly id: string;
    readonly created: number;
    readonly n: number;
    /** Sent first in each choice when `echo`. */
    readonly echo: string | undefined;
    readonly includeUsage: boolean;
    readonly keepAliveMs: number;
    readonly signal: AbortSignal;
}

/**
 * A streamed text completion, as OpenAI's legacy completions stream it: `text_completion` chunks
 * of each chosen candidate's text (its worker's own chunks), a last chunk per choice with its
 * `finish_reason` (the final one with the `swarm` extension), an optional usage chunk, `[DONE]`.
 * Admission, keep-alive and errors are the chat stream's (`admitStream`, `sseResponse`).
 */
export async function streamTextCompletion(run: VotedRun, options: TextStreamOptions): Promise<Response> {
    const admitted = await admitStream(run, options.signal);
    return sseResponse(admitted, options.keepAliveMs, (result: SwarmResult, data) => {
        const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
            data({ id: options.id, object: "text_completion", created: options.created, model: result.model, system_fingerprint: null, choices, ...extra });
        const choices = pickChoices(result, options.n);
        choices.forEach((candidateIndex, index) => {
            const candidate = result.candidates[candidateIndex]!;
            const pieces = [options.echo ?? "", ...choicePieces(result, candidate, admitted.recorded)];
            for (const text of pieces) if (text !== "") chunk([{ text, index, logprobs: null, finish_reason: null }]);
            chunk([{ text: "", index, logprobs: null, finish_reason: candidate.finishReason }], index === choices.length - 1 ? { swarm: swarmExtension(result) } : {});
        });
        if (options.includeUsage) chunk([], { usage: usageOf(result, choices) });
    });
}
