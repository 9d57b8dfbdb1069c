import { extractAnswer } from "../extractAnswer.ts";
import { isUnusable } from "../qualityScore.ts";
import type { StrategyResult } from "../types.ts";
import { similarityStrategy } from "./similarity.ts";
import type { StrategyContext } from "./strategyContext.ts";
import { voteOnKeys } from "./voteOnKeys.ts";

/** Share of its weight a candidate cut off by the length limit votes with. */
const cutOffVote = 0.5;

/**
 * Votes on the final answers extracted from the texts (boxed, "the answer is", a choice letter,
 * JSON, a final code block, the last number), then returns the best-formed full text that carries
 * the winning answer. Candidates without an answer do not vote. A candidate cut off by the length
 * limit votes with half its weight: it may have stated its answer before the cut, but what a
 * cut-off text ends with is less often its conclusion, so two finished candidates outvote it.
 */
export function answerStrategy(context: StrategyContext, reason = "answer requested"): StrategyResult {
    const keys = context.candidates.map((candidate) => (isUnusable(candidate) ? undefined : extractAnswer(candidate.text)?.key));
    const votes = context.candidates.map((candidate, index) => context.weights[index]! * (candidate.finishReason === "length" ? cutOffVote : 1));
    const result = voteOnKeys(context, keys, "answer", reason, votes);
    if (result == null) return similarityStrategy(context, `${reason}; no candidate has an extractable answer, fell back to similarity`);
    return result;
}
