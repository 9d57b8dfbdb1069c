import { maxOrder, profileSimilarity, tokenProfile, type TextProfile } from "../textSimilarity.ts";
import { sketchSimilarity, textSketch } from "../textSketch.ts";
import { tokenize } from "../tokenize.ts";
import { isUnusable, qualityScore } from "../qualityScore.ts";
import type { StrategyResult } from "../types.ts";
import type { StrategyContext } from "./strategyContext.ts";

/**
 * Profiles of recent texts: adaptive stopping re-scores the same candidates as more arrive.
 * Bounded by count and by the characters of the texts they describe, so a few long texts
 * cannot keep hundreds of megabytes of n-gram maps alive.
 */
const profileCache = new Map<string, TextProfile>();
const profileCacheSize = 512;
const profileCacheChars = 1 << 20;
let cachedChars = 0;

function cachedProfile(text: string, tokens: readonly string[]): TextProfile {
    let profile = profileCache.get(text);
    if (profile == null) {
        profile = tokenProfile(tokens);
        if (text.length > profileCacheChars) return profile;
        while (profileCache.size >= profileCacheSize || cachedChars + text.length > profileCacheChars) {
            const oldest = profileCache.keys().next().value!;
            profileCache.delete(oldest);
            cachedChars -= oldest.length;
        }
        profileCache.set(text, profile);
        cachedChars += text.length;
    }
    return profile;
}

/**
 * Map lookups the exact pairwise comparison may cost per decision (about 0.1–0.5 s). Any real
 * swarm stays far below (16 workers × 4,000 tokens: about 2 million); past it, every pair is
 * compared by MinHash sketches instead, at a fixed cost per pair whatever the texts' lengths,
 * so a decision's work grows with its text, not with the text times the number of candidates.
 */
const maxExactWork = 4_000_000;

/** The exact comparison's cost: per pair and order, the shorter text's n-gram count bounds the lookups. */
function exactWork(lengths: readonly number[]): number {
    let work = 0;
    for (let i = 0; i < lengths.length && work <= maxExactWork; i++)
        for (let j = i + 1; j < lengths.length; j++) work += maxOrder * Math.min(lengths[i]!, lengths[j]!);
    return work;
}

/** Pairwise similarities: exact while the decision's work fits `maxExactWork`, sketched past it. */
function pairSimilarities(texts: readonly string[]): { pair: number[][]; sketched: boolean } {
    const tokens = texts.map(tokenize);
    const pair = texts.map(() => new Array<number>(texts.length).fill(0));
    const sketched = exactWork(tokens.map((list) => list.length)) > maxExactWork;
    let similarity: (i: number, j: number) => number;
    if (sketched) {
        const sketches = tokens.map(textSketch);
        similarity = (i, j) => sketchSimilarity(sketches[i]!, sketches[j]!);
    } else {
        const profiles = texts.map((text, index) => cachedProfile(text, tokens[index]!));
        similarity = (i, j) => profileSimilarity(profiles[i]!, profiles[j]!);
    }
    for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++) pair[i]![j] = pair[j]![i] = similarity(i, j);
    return { pair, sketched };
}

/**
 * Minimum-Bayes-risk selection: each candidate scores its weighted mean similarity to the others
 * (token n-gram F-score), so the answer most of the swarm agrees with wins. Empty, error and
 * refusal candidates score -1. Ties go to the better-formed candidate (quality).
 */
export function similarityStrategy(context: StrategyContext, reason = "similarity requested"): StrategyResult {
    const { candidates, weights } = context;
    const unusable = candidates.map(isUnusable);
    const { pair, sketched } = pairSimilarities(candidates.map((candidate) => candidate.text));
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
    const how = sketched ? `${reason} (compared by MinHash sketches: too much text to compare every pair exactly)` : reason;
    return { strategy: "similarity", reason: how, scores, secondary, agreement: best, confidence: best };
}
