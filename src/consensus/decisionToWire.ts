import type { ExecutionSummary } from "./executionTypes.ts";
import type { Candidate, Decision } from "./types.ts";

/** The decision object every interface shows: vote output lines, /v1/consensus, chat `swarm`. */
export interface WireDecision {
    readonly id?: string | number | null;
    readonly strategy: string;
    readonly reason: string;
    readonly winner: number;
    readonly answer: string | null;
    readonly text: string;
    readonly confidence: number;
    readonly agreement: number;
    readonly abstain: boolean;
    readonly used: number;
    readonly scores: readonly number[];
    readonly ranking: readonly number[];
    /** The `execution` strategy's pass matrix summary. */
    readonly execution?: ExecutionSummary;
}

export function decisionToWire(decision: Decision, candidates: readonly Candidate[], id?: string | number | null): WireDecision {
    return {
        ...(id === undefined ? {} : { id }),
        strategy: decision.strategy,
        reason: decision.reason,
        winner: decision.winner,
        answer: decision.answer,
        text: candidates[decision.winner]!.text,
        confidence: round(decision.confidence),
        agreement: round(decision.agreement),
        abstain: decision.abstain,
        used: decision.used,
        scores: decision.scores.map(round),
        ranking: decision.ranking,
        ...(decision.execution == null ? {} : { execution: decision.execution })
    };
}

function round(value: number): number {
    return Math.round(value * 1e6) / 1e6;
}
