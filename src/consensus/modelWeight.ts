import type { Candidate, ModelWeights } from "./types.ts";

/** A candidate's vote weight: its model's weight, 1 for unknown models; never negative. */
export function modelWeight(weights: ModelWeights | undefined, candidate: Candidate): number {
    const weight = candidate.model == null ? undefined : weights?.[candidate.model];
    return weight == null || !Number.isFinite(weight) ? 1 : Math.max(0, weight);
}
