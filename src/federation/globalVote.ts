import { decide, modelWeight, textSimilarity, type Decision, type ModelWeights, type RequestedStrategy } from "../consensus/index.ts";
import type { NodeVote } from "./protocol.ts";

export interface GlobalVoteOptions {
    readonly strategy: RequestedStrategy;
    readonly prompt?: string;
    /** Per-model weights (the server's `weights` file); a node's vote counts workers × its model's weight. */
    readonly weights?: ModelWeights;
    readonly abstainBelow?: number;
}

/** A node "agrees" with the global winner when their texts share at least this much (token n-gram F-score). */
export const agreementThreshold = 0.5;

/**
 * Phase 2: the consensus engine over the nodes' winners, each weighted by its node's worker count
 * (a node of 4 workers speaks for 4 votes) times its model's weight. Indices refer to `votes`.
 */
export function globalVote(votes: readonly NodeVote[], options: GlobalVoteOptions): Decision {
    const key = (vote: NodeVote) => `${vote.model}@${vote.node}`;
    const weights = Object.fromEntries(votes.map((vote) => [key(vote), vote.workers * modelWeight(options.weights, { text: "", model: vote.model })]));
    const ballots = votes.map((vote) => ({
        text: vote.text,
        worker: vote.node,
        model: key(vote),
        latencyMs: vote.latencyMs,
        finishReason: vote.finishReason,
        tokens: vote.tokens
    }));
    return decide(ballots, { strategy: options.strategy, prompt: options.prompt, weights, abstainBelow: options.abstainBelow });
}

/** How close a node's answer is to the global winner's, 0..1. */
export function similarityToWinner(text: string, winnerText: string): number {
    return text === winnerText ? 1 : textSimilarity(text, winnerText);
}
