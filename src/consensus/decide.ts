import { rankCandidates } from "./rankCandidates.ts";
import { runStrategy } from "./runStrategy.ts";
import type { Candidate, ConsensusOptions, Decision } from "./types.ts";

/**
 * Picks the best candidate. Pure and deterministic: the same candidates in any order give the
 * same winning text, and one candidate is returned as is.
 */
export function decide(candidates: readonly Candidate[], options: ConsensusOptions = {}): Decision {
    const result = runStrategy(candidates, options);
    const ranking = rankCandidates(candidates, result.scores, result.secondary);
    const winner = ranking[0]!;
    const confidence = clamp(result.confidence);
    return {
        strategy: result.strategy,
        reason: result.reason,
        winner,
        answer: result.keys?.[winner] ?? null,
        scores: result.scores,
        ranking,
        agreement: clamp(result.agreement),
        confidence,
        abstain: confidence < (options.abstainBelow ?? 0),
        used: candidates.length,
        ...(result.execution == null ? {} : { execution: result.execution })
    };
}

function clamp(value: number): number {
    return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
