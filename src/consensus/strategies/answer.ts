import { extractAnswer } from "../extractAnswer.ts";
import { isUnusable } from "../qualityScore.ts";
import type { StrategyResult } from "../types.ts";
import { similarityStrategy } from "./similarity.ts";
import type { StrategyContext } from "./strategyContext.ts";
import { voteOnKeys } from "./voteOnKeys.ts";

/**
 * Votes on the final answers extracted from the texts (boxed, "the answer is", a choice letter,
 * JSON, a final code block, the last number), then returns the best-formed full text that carries
 * the winning answer. Candidates without an answer do not vote; neither do candidates cut off by
 * the length limit while any finished candidate has an answer, since what a cut-off text ends
 * with is not its conclusion.
 */
export function answerStrategy(context: StrategyContext, reason = "answer requested"): StrategyResult {
    const extracted = context.candidates.map((candidate) => (isUnusable(candidate) ? undefined : extractAnswer(candidate.text)?.key));
    const finished = context.candidates.map((candidate) => candidate.finishReason !== "length");
    const anyFinished = extracted.some((key, index) => key != null && finished[index]);
    const keys = extracted.map((key, index) => (anyFinished && !finished[index] ? undefined : key));
    const result = voteOnKeys(context, keys, "answer", reason);
    if (result == null) return similarityStrategy(context, `${reason}; no candidate has an extractable answer, fell back to similarity`);
    return result;
}
