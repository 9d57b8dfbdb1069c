import { tokenize } from "./tokenize.ts";
import type { Candidate } from "./types.ts";

const refusalPattern = /^(?:i'?m sorry|i am sorry|sorry,|i cannot|i can'?t|i won'?t|as an ai\b|i'?m not able to|i am not able to|i'?m unable to|i am unable to)/i;

/** True when the candidate is unusable as an answer: empty, an engine error, or a refusal. */
export function isUnusable(candidate: Candidate): boolean {
    return candidate.text.trim() === "" || candidate.finishReason === "error" || refusalPattern.test(candidate.text.trim());
}

/**
 * How well-formed a candidate looks on its own, 0..1 (1 = nothing wrong found). Multiplies
 * penalties for: empty or error (0), a refusal, being cut off by the length limit, an unclosed
 * code fence, repeated n-grams (a model stuck in a loop), a numbered list that skips or repeats
 * numbers, and an answer far shorter than the request asks for.
 */
export function qualityScore(candidate: Candidate, prompt?: string): number {
    const text = candidate.text.trim();
    if (text === "" || candidate.finishReason === "error") return 0;
    let score = 1;
    if (refusalPattern.test(text)) score *= 0.2;
    if (candidate.finishReason === "length") score *= 0.5;
    if ((text.match(/^\s*```/gm)?.length ?? 0) % 2 === 1) score *= 0.7;
    const tokens = tokenize(text);
    score *= repetitionFactor(tokens);
    if (!listIsSequential(text)) score *= 0.9;
    if (prompt != null) score *= lengthFactor(tokens.length, tokenize(prompt).length, prompt);
    return score;
}

/** Share of distinct 4-grams, mapped so that ordinary text (>= 70 % distinct) is not penalised. */
function repetitionFactor(tokens: readonly string[]): number {
    if (tokens.length < 24) return 1;
    const grams = new Set<string>();
    for (let start = 0; start + 4 <= tokens.length; start++) grams.add(tokens.slice(start, start + 4).join(" "));
    const distinct = grams.size / (tokens.length - 3);
    return Math.min(1, 0.2 + distinct / 0.7 * 0.8);
}

/** A numbered list should count 1, 2, 3 ... without gaps or repeats. */
function listIsSequential(text: string): boolean {
    const numbers = [...text.matchAll(/^\s*(\d+)[.)]\s/gm)].map((match) => Number(match[1]));
    for (let index = 1; index < numbers.length; index++) {
        const previous = numbers[index - 1]!;
        const current = numbers[index]!;
        if (current !== previous + 1 && current !== 1) return false;
    }
    return true;
}

/** A request that asks for an explanation or a list deserves more than a few words. */
function lengthFactor(answerTokens: number, promptTokens: number, prompt: string): number {
    const wantsLong = /\b(?:explain|describe|write|list|compare|why|essay|steps?|code|implement)\b/i.test(prompt);
    const expected = wantsLong ? Math.max(20, promptTokens) : 1;
    return answerTokens >= expected ? 1 : 0.6 + 0.4 * (answerTokens / expected);
}
