import type { ExecutionReport, ExecutionSkipped } from "../executionTypes.ts";
import type { Candidate } from "../types.ts";

/** What every strategy gets besides the candidates. */
export interface StrategyContext {
    readonly candidates: readonly Candidate[];
    /** Vote weight per candidate, from the model weights. */
    readonly weights: readonly number[];
    readonly prompt?: string;
    readonly judgeReply?: string;
    readonly execution?: ExecutionReport | ExecutionSkipped;
}
