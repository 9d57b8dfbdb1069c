import type { ExecutionReport, ExecutionSkipped, ExecutionSummary } from "./executionTypes.ts";

/** One worker's answer, as the consensus engine sees it. Candidates come in generation order. */
export interface Candidate {
    readonly text: string;
    /** Who produced it: a worker id ("w0") or a federation node id. */
    readonly worker?: string;
    /** Model that produced it (for weighted votes). */
    readonly model?: string;
    readonly latencyMs?: number;
    /** "stop", "length" (cut off by max tokens), "tool_calls", "error", ... */
    readonly finishReason?: string;
    /** Completion tokens the worker really generated. */
    readonly tokens?: number;
}

/** Strategies that pick one candidate; `auto` resolves to one of them per decision. */
export type StrategyName = "similarity" | "majority" | "quality" | "fastest" | "answer" | "judge" | "json" | "execution";
export type RequestedStrategy = StrategyName | "auto";

export const strategyNames: readonly RequestedStrategy[] = ["auto", "answer", "similarity", "majority", "quality", "fastest", "judge", "json", "execution"];

/** Per-model vote weights; models not listed vote with weight 1. */
export type ModelWeights = Readonly<Record<string, number>>;

export interface ConsensusOptions {
    /** Default "auto": picks a strategy from what the candidates look like. */
    readonly strategy?: RequestedStrategy;
    /** The user's request text, for strategies that judge length or relevance. */
    readonly prompt?: string;
    readonly weights?: ModelWeights;
    /** `abstain` is set when confidence is below this (default 0: never). */
    readonly abstainBelow?: number;
    /** The judge worker's reply to `judgePrompt(...)`, for the `judge` strategy. */
    readonly judgeReply?: string;
    /**
     * What running the candidates' code against the tests gave, for the `execution` strategy (and
     * `auto` picks `execution` for code when it is present). The caller runs the code.
     */
    readonly execution?: ExecutionReport | ExecutionSkipped;
}

/** The outcome of one vote. Indices refer to the candidates array as given. */
export interface Decision {
    /** The strategy that really ran (never "auto"). */
    readonly strategy: StrategyName;
    /** Why this strategy ran, and any fallback taken. */
    readonly reason: string;
    /** Index of the winning candidate. */
    readonly winner: number;
    /** The voted answer (extracted answer, canonical JSON, normalised text); null for strategies that do not vote on answers. */
    readonly answer: string | null;
    /** One score per candidate, higher is better, in the candidates' order. */
    readonly scores: readonly number[];
    /** Candidate indices from best to worst (deterministic, order-independent). */
    readonly ranking: readonly number[];
    /** Share (by weight) of the candidates that agree with the winner, 0..1. */
    readonly agreement: number;
    /** How sure the vote is, 0..1 (vote margin for voting strategies, agreement otherwise). */
    readonly confidence: number;
    /** True when confidence fell below the caller's threshold. */
    readonly abstain: boolean;
    /** Candidates the decision used (fewer than given when adaptive stopping ended early). */
    readonly used: number;
    /** The `execution` strategy's pass matrix summary. */
    readonly execution?: ExecutionSummary;
}

/** What a strategy returns; `decide` adds the bookkeeping fields. */
export interface StrategyResult {
    readonly strategy: StrategyName;
    readonly reason: string;
    /** Voting strategies: each candidate's answer key (undefined = did not vote). */
    readonly keys?: readonly (string | undefined)[];
    /** Voting strategies: the weight each candidate's vote carried. */
    readonly votes?: readonly number[];
    readonly scores: readonly number[];
    /** Tie-break keys after the score, higher first (e.g. quality inside a vote class). */
    readonly secondary?: readonly number[];
    readonly agreement: number;
    readonly confidence: number;
    readonly execution?: ExecutionSummary;
}
