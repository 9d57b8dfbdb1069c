import { isUnusable, qualityScore } from "../qualityScore.ts";
import type { StrategyResult } from "../types.ts";
import type { StrategyContext } from "./strategyContext.ts";

/**
 * The first finished, usable answer: by `latencyMs` when every candidate has one, else by
 * generation order. Cut-off and unusable candidates rank after every valid one.
 */
export function fastestStrategy(context: StrategyContext, reason = "fastest requested"): StrategyResult {
    const { candidates } = context;
    const timed = candidates.every((candidate) => candidate.latencyMs != null);
    const scores = candidates.map((candidate, index) => {
        const arrival = timed ? candidate.latencyMs! : index;
        const valid = !isUnusable(candidate) && candidate.finishReason !== "length";
        return (valid ? 0 : -1e12) - arrival;
    });
    const winner = scores.indexOf(Math.max(...scores));
    const quality = qualityScore(candidates[winner]!, context.prompt);
    return { strategy: "fastest", reason, scores, agreement: quality, confidence: quality };
}
