import type { Decision } from "../consensus/index.ts";
import { EngineError } from "../errors.ts";
import type { DecidedSegment, FinishReason, SwarmResult, WorkerResult } from "./types.ts";

/** Where a segment may end: a sentence's or a line's end. */
export const segmentBoundaries: readonly string[] = [".", "!", "?", "\n"];
/** The most tokens a segment may take before it is voted on anyway (text without sentence ends). */
const segmentTokenCap = 32;

/** One round as the swarm ran it: every worker's segment, who voted, and the vote. */
export interface SegmentRound {
    /** One per worker, in worker order. */
    readonly candidates: readonly WorkerResult[];
    /** Indices into `candidates` of the workers that produced a segment. */
    readonly voters: readonly number[];
    readonly decision?: Decision;
    readonly promptEvaluated: number;
}

export interface SegmentRoundsOptions {
    readonly workers: number;
    readonly maxTokens: number;
    readonly signal: AbortSignal;
    /** Runs one round: every worker continues `answerPrefix` up to its next segment boundary or `maxTokens`. */
    readonly round: (answerPrefix: string, round: number, maxTokens: number) => Promise<SegmentRound>;
    /** Called as soon as a segment is decided, so it can be streamed. */
    readonly onSegment: (segment: DecidedSegment) => void;
}

/**
 * Streamed consensus by segments: every worker writes the next segment (up to a sentence or line
 * end, or `segmentTokenCap` tokens), the swarm votes on the segments, the winner is announced at
 * once, and every worker continues from the winning text (the swarm's next round readies that text
 * in every worker, evaluated once). Repeats until the winning segment ends the answer or the answer
 * reaches `maxTokens`. The step-level vote of step-wise self-consistency, applied to streaming.
 *
 * In the result every worker's text is the voted answer (all continued it), its tokens are all the
 * tokens it generated, and the decision scores each worker by the share of segments it won.
 */
export async function runSegmentRounds(options: SegmentRoundsOptions): Promise<Pick<SwarmResult, "candidates" | "decision" | "promptEvaluated" | "segments">> {
    const { workers, maxTokens, signal } = options;
    const totals = Array.from({ length: workers }, () => ({ tokens: 0, latencyMs: 0, promptEvaluated: 0, won: 0 }));
    const segments: DecidedSegment[] = [];
    const decisions: Decision[] = [];
    let answer = "";
    let used = 0;
    let promptEvaluated = 0;
    let finishReason: FinishReason = "length";
    let last: SegmentRound | undefined;
    while (used < maxTokens) {
        if (signal.aborted) throw signal.reason;
        const round = await options.round(answer, segments.length, Math.min(segmentTokenCap, maxTokens - used));
        const { decision } = round;
        if (decision == null)
            throw new EngineError(`every worker failed: ${round.candidates.find((candidate) => candidate.error != null)?.error ?? "no segment to vote on"}`);
        last = round;
        decisions.push(decision);
        promptEvaluated += round.promptEvaluated;
        round.candidates.forEach((candidate, index) => {
            const total = totals[index]!;
            total.tokens += candidate.tokens;
            total.latencyMs += candidate.latencyMs;
            total.promptEvaluated += candidate.promptEvaluated ?? 0;
        });
        totals[decision.winner]!.won++;
        const winner = round.candidates[decision.winner]!;
        const segment: DecidedSegment = { index: segments.length, text: winner.text, worker: winner.worker, agreement: decision.agreement, voters: round.voters.length };
        segments.push(segment);
        answer += winner.text;
        used += Math.max(1, winner.tokens);
        options.onSegment(segment);
        // A boundary or the round's token cap leaves the answer open; anything else (the model's end, a stop string) ends it.
        if (winner.boundary == null && winner.finishReason !== "length") {
            finishReason = winner.finishReason;
            break;
        }
    }
    const final = last!;
    const candidates = final.candidates.map((candidate, index): WorkerResult => {
        const total = totals[index]!;
        const failed = candidate.finishReason === "error";
        return {
            worker: candidate.worker,
            temperature: candidate.temperature,
            seed: candidate.seed,
            text: failed ? "" : answer,
            tokens: total.tokens,
            latencyMs: total.latencyMs,
            promptEvaluated: total.promptEvaluated,
            finishReason: failed ? "error" : finishReason,
            ...(failed ? { error: candidate.error } : {})
        };
    });
    const scores = totals.map((total) => total.won / segments.length);
    const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const lastDecision = decisions.at(-1)!;
    // The worker that won the most segments leads; the last round's winner never failed, so there is one.
    const ranking = scores.map((_, index) => index).filter((index) => candidates[index]!.finishReason !== "error").sort((a, b) => scores[b]! - scores[a]! || a - b);
    const decision: Decision = {
        strategy: lastDecision.strategy,
        reason: `${segments.length} segment${segments.length === 1 ? "" : "s"} voted one after another; the last by ${lastDecision.strategy}: ${lastDecision.reason}`,
        winner: ranking[0]!,
        answer: null,
        scores,
        ranking,
        agreement: mean(decisions.map((entry) => entry.agreement)),
        confidence: mean(decisions.map((entry) => entry.confidence)),
        abstain: decisions.some((entry) => entry.abstain),
        used: workers
    };
    return { candidates, decision, promptEvaluated, segments };
}
