import type { Candidate, StrategyResult } from "../types.ts";
import { similarityStrategy } from "./similarity.ts";
import type { StrategyContext } from "./strategyContext.ts";

/**
 * The prompt a judge worker answers for universal self-consistency: it reads every candidate and
 * names the one most consistent with the others.
 */
export function judgePrompt(candidates: readonly Candidate[], prompt?: string): string {
    const responses = candidates.map((candidate, index) => `Response ${index + 1}:\n${candidate.text.trim()}`).join("\n\n");
    return [
        prompt == null ? "" : `The request was:\n${prompt.trim()}\n`,
        `I have generated the following responses to the request:\n\n${responses}\n`,
        "Evaluate these responses. Select the most consistent response based on majority consensus.",
        'Answer with one line in the form "The most consistent response is Response X" and nothing else.'
    ].filter((line) => line !== "").join("\n");
}

/** The 0-based candidate the judge named, or undefined when the reply names none in range. */
export function parseJudgeReply(reply: string, count: number): number | undefined {
    const named = [...reply.matchAll(/response\s*#?\s*(\d+)/gi)].map((match) => Number(match[1]));
    const number = named.at(-1) ?? (/^\s*(\d+)\s*\.?\s*$/.exec(reply) == null ? undefined : Number(reply.trim().replace(/\.$/, "")));
    return number != null && number >= 1 && number <= count ? number - 1 : undefined;
}

/**
 * Universal self-consistency: the candidate the judge worker named wins; the others keep their
 * similarity order. Without a parsable reply this is `similarity`, and the reason says so.
 */
export function judgeStrategy(context: StrategyContext, reason = "judge requested"): StrategyResult {
    const similarity = similarityStrategy(context, reason);
    const named = context.judgeReply == null ? undefined : parseJudgeReply(context.judgeReply, context.candidates.length);
    if (named == null) {
        const why = context.judgeReply == null ? "no judge reply" : "judge reply names no candidate";
        return { ...similarity, reason: `${reason}; ${why}, fell back to similarity` };
    }
    const scores = context.candidates.map((_, index) => (index === named ? 1 : 0));
    const agreement = Math.max(0, similarity.scores[named]!);
    return { strategy: "judge", reason, scores, secondary: similarity.scores, agreement, confidence: agreement };
}
