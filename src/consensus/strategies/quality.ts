import { qualityScore } from "../qualityScore.ts";
import type { StrategyResult } from "../types.ts";
import type { StrategyContext } from "./strategyContext.ts";

/** The best-formed candidate on its own merits (see `qualityScore`), with no vote among them. */
export function qualityStrategy(context: StrategyContext, reason = "quality requested"): StrategyResult {
    const scores = context.candidates.map((candidate) => qualityScore(candidate, context.prompt));
    const best = Math.max(...scores);
    return { strategy: "quality", reason, scores, agreement: best, confidence: best };
}
