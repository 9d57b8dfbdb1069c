import { isUnusable } from "../qualityScore.ts";
import type { StrategyResult } from "../types.ts";
import { similarityStrategy } from "./similarity.ts";
import type { StrategyContext } from "./strategyContext.ts";
import { voteOnKeys } from "./voteOnKeys.ts";

/** Whole-text key: case, surrounding space, inner runs of space and a final period ignored. */
function majorityKey(text: string): string {
    return text.trim().replace(/\s+/g, " ").replace(/\.$/, "").toLowerCase();
}

/** Plain majority vote on the normalised full text; unusable candidates do not vote. */
export function majorityStrategy(context: StrategyContext, reason = "majority requested"): StrategyResult {
    const keys = context.candidates.map((candidate) => (isUnusable(candidate) ? undefined : majorityKey(candidate.text)));
    return voteOnKeys(context, keys, "majority", reason) ?? similarityStrategy(context, `${reason}; no usable candidate to vote, fell back to similarity`);
}
