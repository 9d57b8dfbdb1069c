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

export type StrategyName = "similarity" | "majority" | "quality" | "fastest";

export interface ConsensusOptions {
    readonly strategy?: StrategyName;
    /** The user's request text, for strategies that judge length or relevance. */
    readonly prompt?: string;
}

/** The outcome of one vote. Indices refer to the candidates array as given. */
export interface Decision {
    readonly strategy: StrategyName;
    /** Index of the winning candidate. */
    readonly winner: number;
    /** One score per candidate, higher is better, in the candidates' order. */
    readonly scores: readonly number[];
    /** Candidate indices from best to worst (deterministic, order-independent). */
    readonly ranking: readonly number[];
    /** Share of the candidates that agree with the winner, 0..1. */
    readonly agreement: number;
    /** How sure the vote is, 0..1 (vote margin / agreement). */
    readonly confidence: number;
}
