import { decide } from "./decide.ts";
import { extractAnswer } from "./extractAnswer.ts";
import { mulberry32 } from "./mulberry32.ts";
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

export interface FitOptions {
    /** Swarm size the weights are tuned for (default 5). */
    readonly swarmSize?: number;
    /** Random subsets per labelled decision in the accuracy search (default 40; 0 = log-odds only). */
    readonly subsets?: number;
}

/** Factors each weight tries in the coordinate search; 0 lets the search silence a harmful model. */
const factors = [0, 0.5, 0.8, 1.25, 2];
const passes = 2;

/**
 * Per-model vote weights from a labelled set. Starts from the log-odds of each model's
 * single-sample accuracy, ln(p / (1 - p)) with p = (correct + 1) / (samples + 2) (the optimal
 * weights when models err independently), floored at a small positive weight. Then a seeded
 * coordinate search scales one model's weight at a time and keeps a change only when it raises
 * the held-in accuracy of the weighted `answer` vote over random swarms of `swarmSize` candidates.
 * Weights are scaled so their mean is 1.
 */
export function fitWeights(decisions: readonly LabelledDecision[], options: FitOptions = {}): { weights: ModelWeights; fits: ModelFit[]; accuracy: { start: number; end: number } } {
    const golds = decisions.map((decision) => normalizeAnswer(decision.gold));
    const counts = new Map<string, { samples: number; correct: number }>();
    decisions.forEach(({ candidates }, number) => {
        for (const candidate of candidates) {
            if (candidate.model == null) continue;
            const count = counts.get(candidate.model) ?? { samples: 0, correct: 0 };
            count.samples++;
            if (extractAnswer(candidate.text)?.key === golds[number]) count.correct++;
            counts.set(candidate.model, count);
        }
    });
    const models = [...counts.keys()].sort();
    let weights: Record<string, number> = Object.fromEntries(
        models.map((model) => {
            const { samples, correct } = counts.get(model)!;
            const p = (correct + 1) / (samples + 2);
            return [model, Math.max(0.05, Math.log(p / (1 - p)))];
        })
    );
    const swarms = drawSwarms(decisions, options.swarmSize ?? 5, options.subsets ?? 40);
    const accuracyOf = (candidate: Record<string, number>): number => {
        if (swarms.length === 0) return 0;
        let correct = 0;
        for (const { number, candidates } of swarms) {
            const winner = candidates[decide(candidates, { strategy: "answer", weights: candidate }).winner]!;
            if (extractAnswer(winner.text)?.key === golds[number]) correct++;
        }
        return correct / swarms.length;
    };
    const start = accuracyOf(weights);
    let best = start;
    for (let pass = 0; pass < passes && swarms.length > 0; pass++)
        for (const model of models)
            for (const factor of factors) {
                const trial = { ...weights, [model]: weights[model]! * factor };
                if (Object.values(trial).every((weight) => weight === 0)) continue;
                const accuracy = accuracyOf(trial);
                if (accuracy > best) {
                    best = accuracy;
                    weights = trial;
                }
            }
    const mean = Object.values(weights).reduce((sum, weight) => sum + weight, 0) / Math.max(1, models.length);
    const fits = models.map((model) => ({ model, ...counts.get(model)!, weight: Number((weights[model]! / mean).toFixed(4)) }));
    return { weights: Object.fromEntries(fits.map((fit) => [fit.model, fit.weight])), fits, accuracy: { start, end: best } };
}

/** Seeded random swarms of `size` candidates from each labelled decision (mulberry32, fixed seed). */
function drawSwarms(decisions: readonly LabelledDecision[], size: number, subsets: number): { number: number; candidates: Candidate[] }[] {
    const next = mulberry32(0x5eed);
    const swarms: { number: number; candidates: Candidate[] }[] = [];
    decisions.forEach(({ candidates }, number) => {
        if (candidates.length <= size) {
            if (subsets > 0) swarms.push({ number, candidates: [...candidates] });
            return;
        }
        for (let round = 0; round < subsets; round++) {
            const pool = [...candidates];
            for (let index = 0; index < size; index++) {
                const pick = index + Math.floor(next() * (pool.length - index));
                [pool[index], pool[pick]] = [pool[pick]!, pool[index]!];
            }
            swarms.push({ number, candidates: pool.slice(0, size) });
        }
    });
    return swarms;
}
