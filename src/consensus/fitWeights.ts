import { extractAnswer } from "./extractAnswer.ts";
import { normalizeAnswer } from "./normalizeAnswer.ts";
import type { Candidate, ModelWeights } from "./types.ts";

/** One labelled decision: candidates and the correct final answer. */
export interface LabelledDecision {
    readonly candidates: readonly Candidate[];
    readonly gold: string;
}

export interface ModelFit {
    readonly model: string;
    readonly samples: number;
    readonly correct: number;
    readonly weight: number;
}

/**
 * Per-model vote weights from a labelled set: the log-odds of each model's single-sample accuracy,
 * ln(p / (1 - p)), with p smoothed as (correct + 1) / (samples + 2). That is the weighting that
 * maximises a weighted vote's accuracy when models err independently; models at or below chance
 * get a small positive floor instead of a negative vote. Weights are scaled so the mean is 1.
 */
export function fitWeights(decisions: readonly LabelledDecision[]): { weights: ModelWeights; fits: ModelFit[] } {
    const counts = new Map<string, { samples: number; correct: number }>();
    for (const { candidates, gold } of decisions) {
        const goldKey = normalizeAnswer(gold);
        for (const candidate of candidates) {
            if (candidate.model == null) continue;
            const count = counts.get(candidate.model) ?? { samples: 0, correct: 0 };
            count.samples++;
            if (extractAnswer(candidate.text)?.key === goldKey) count.correct++;
            counts.set(candidate.model, count);
        }
    }
    const raw = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([model, { samples, correct }]) => {
        const p = (correct + 1) / (samples + 2);
        return { model, samples, correct, weight: Math.max(0.05, Math.log(p / (1 - p))) };
    });
    const mean = raw.reduce((sum, fit) => sum + fit.weight, 0) / Math.max(1, raw.length);
    const fits = raw.map((fit) => ({ ...fit, weight: Number((fit.weight / mean).toFixed(4)) }));
    return { weights: Object.fromEntries(fits.map((fit) => [fit.model, fit.weight])), fits };
}
