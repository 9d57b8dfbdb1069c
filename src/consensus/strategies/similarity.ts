import { profileSimilarity, textProfile, type TextProfile } from "../textSimilarity.ts";
import { isUnusable, qualityScore } from "../qualityScore.ts";
import type { StrategyResult } from "../types.ts";
import type { StrategyContext } from "./strategyContext.ts";

/** Profiles of recent texts: adaptive stopping re-scores the same candidates as more arrive. */
const profileCache = new Map<string, TextProfile>();
const profileCacheSize = 512;

function cachedProfile(text: string): TextProfile {
    let profile = profileCache.get(text);
    if (profile == null) {
        profile = textProfile(text);
        if (profileCache.size >= profileCacheSize) profileCache.delete(profileCache.keys().next().value!);
        profileCache.set(text, profile);
    }
    return profile;
}

/**
 * Minimum-Bayes-risk selection: each candidate scores its weighted mean similarity to the others
 * (token n-gram F-score), so the answer most of the swarm agrees with wins. Empty, error and
 * refusal candidates score -1. Ties go to the better-formed candidate (quality).
 */
export function similarityStrategy(context: StrategyContext, reason = "similarity requested"): StrategyResult {
    const { candidates, weights } = context;
    const profiles = candidates.map((candidate) => cachedProfile(candidate.text));
    const unusable = candidates.map(isUnusable);
    const pair = candidates.map(() => new Array<number>(candidates.length).fill(0));
    for (let i = 0; i < candidates.length; i++)
        for (let j = i + 1; j < candidates.length; j++) pair[i]![j] = pair[j]![i] = profileSimilarity(profiles[i]!, profiles[j]!);
    const scores = candidates.map((_, i) => {
        if (unusable[i]) return -1;
        let sum = 0;
        let weight = 0;
        for (let j = 0; j < candidates.length; j++) {
            if (j === i || unusable[j]) continue;
            sum += weights[j]! * pair[i]![j]!;
            weight += weights[j]!;
        }
        return weight === 0 ? 1 : sum / weight;
    });
    const secondary = candidates.map((candidate) => qualityScore(candidate, context.prompt));
    const best = Math.max(0, ...scores);
    return { strategy: "similarity", reason, scores, secondary, agreement: best, confidence: best };
}
