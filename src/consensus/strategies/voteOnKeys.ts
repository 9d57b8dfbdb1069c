import { qualityScore } from "../qualityScore.ts";
import { tallyVotes, voteMargin } from "../tallyVotes.ts";
import type { StrategyName, StrategyResult } from "../types.ts";
import type { StrategyContext } from "./strategyContext.ts";

/**
 * The voting core shared by `majority`, `answer` and `json`: every candidate with a key votes
 * with its weight (`votes`, default the model weights); a candidate scores its answer's total vote (-1 when it did not vote), and
 * inside the winning answer the best-formed text wins. Returns undefined when nobody voted.
 */
export function voteOnKeys(
    context: StrategyContext,
    keys: readonly (string | undefined)[],
    strategy: StrategyName,
    reason: string,
    votes: readonly number[] = context.weights
): StrategyResult | undefined {
    const tally = tallyVotes(keys, votes);
    if (tally.voters === 0) return undefined;
    const totals = new Map(tally.entries);
    const scores = keys.map((key) => (key == null ? -1 : totals.get(key)!));
    const secondary = context.candidates.map((candidate) => qualityScore(candidate, context.prompt));
    const { agreement, margin } = voteMargin(tally);
    const top = Math.max(...scores);
    const tied = tally.entries.filter(([, weight]) => Math.abs(weight - top) < 1e-12).length;
    return { strategy, reason, keys, votes, scores, secondary, agreement, confidence: tied > 1 ? 0 : margin };
}
