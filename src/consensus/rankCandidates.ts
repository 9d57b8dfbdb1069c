import type { Candidate } from "./types.ts";

/**
 * Candidate indices from best to worst: by score, then the secondary keys, then the text itself
 * (and model, worker) so that ties never depend on the order the candidates arrived in.
 */
export function rankCandidates(candidates: readonly Candidate[], scores: readonly number[], secondary?: readonly number[]): number[] {
    return candidates
        .map((_, index) => index)
        .sort((a, b) =>
            compareNumbers(scores[b]!, scores[a]!) ||
            (secondary == null ? 0 : compareNumbers(secondary[b]!, secondary[a]!)) ||
            compareText(candidates[a]!.text, candidates[b]!.text) ||
            compareText(candidates[a]!.model ?? "", candidates[b]!.model ?? "") ||
            compareText(candidates[a]!.worker ?? "", candidates[b]!.worker ?? "") ||
            a - b
        );
}

/** NaN and -Infinity sort last; differences below 1e-12 are ties (float noise must not decide). */
function compareNumbers(a: number, b: number): number {
    const x = Number.isNaN(a) ? -Infinity : a;
    const y = Number.isNaN(b) ? -Infinity : b;
    if (x === y || Math.abs(x - y) < 1e-12) return 0;
    return x < y ? -1 : 1;
}

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
