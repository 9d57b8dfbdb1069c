import type { WorkerResult } from "../swarm/index.ts";
import type { CandidateView } from "./types.ts";

/** Longest candidate text kept for the page; the history stays small whatever the answers' length. */
export const maxCandidateText = 4000;
const maxCallText = 300;

/** One worker's answer as the page shows it; `score` is null until (or unless) it voted. */
export function candidateView(result: WorkerResult, score: number | undefined): CandidateView {
    return {
        worker: result.worker,
        text: clip(result.text, maxCandidateText),
        calls: (result.calls ?? []).map((call) => clip(`${call.name}(${JSON.stringify(call.arguments)})`, maxCallText)),
        tokens: result.tokens,
        latencyMs: result.latencyMs,
        tokensPerSecond: tokensPerSecond(result.tokens, result.latencyMs),
        finishReason: result.finishReason,
        temperature: result.temperature,
        score: score != null && Number.isFinite(score) ? score : null,
        error: result.error ?? null
    };
}

export function tokensPerSecond(tokens: number, ms: number): number {
    return ms > 0 ? Math.round((tokens * 10000) / ms) / 10 : 0;
}

export function clip(text: string, limit: number): string {
    return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
