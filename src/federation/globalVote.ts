import { decide, textSimilarity, type Decision, type ModelWeights, type RequestedStrategy } from "../consensus/index.ts";
import type { NodeVote } from "./protocol.ts";

export interface GlobalVoteOptions {
    readonly strategy: RequestedStrategy;
    readonly prompt?: string;
    /** Per-model weights (the server's `weights` file, fitted on labels); they win over learned trust. */
    readonly weights?: ModelWeights;
    /** Learned trust per node (`nodeKey`), for models the weights file does not name; 1 when absent. */
    readonly trust?: ReadonlyMap<string, number>;
    readonly abstainBelow?: number;
}

/** A node "agrees" with the global winner when their texts share at least this much (token n-gram F-score). */
export const agreementThreshold = 0.5;

/**
 * With three or more nodes, no node's vote may exceed this share of all the others' together, so
 * one node can never outvote every other node alone, however much it is trusted. Any value under 1
 * gives that guarantee; 0.99 keeps the trusted node's vote as close to it as possible.
 */
export const dominanceCap = 0.99;

/** Trust and reputation are kept per model and node: a node that changes model starts afresh. */
export function nodeKey(vote: Pick<NodeVote, "model" | "node">): string {
    return `${vote.model}@${vote.node}`;
}

/** How a node's vote weight was made, for `swarm.nodes` and the decision's reason. */
export interface NodeWeight {
    /** The node's vote in the global vote. */
    readonly vote: number;
    /** Its per-worker weight: the fitted model weight, else its learned trust, else 1. */
    readonly weight: number;
    readonly source: "fitted" | "trust" | "neutral";
    /** True when the dominance cap lowered its vote. */
    readonly capped: boolean;
}

/**
 * Each node's vote: the workers that backed its local winner (its worker count × its local
 * agreement, a per-question signal: a node split 2–2 speaks for fewer votes than one agreeing 4–0)
 * times its weight, with the dominance cap applied.
 */
export function nodeWeights(votes: readonly NodeVote[], options: Pick<GlobalVoteOptions, "weights" | "trust">): NodeWeight[] {
    const raw = votes.map((vote) => {
        const fitted = options.weights?.[vote.model];
        const trusted = options.trust?.get(nodeKey(vote));
        const [weight, source] = fitted != null && Number.isFinite(fitted) ? [Math.max(0, fitted), "fitted" as const]
            : trusted != null ? [trusted, "trust" as const] : [1, "neutral" as const];
        return { vote: vote.workers * Math.min(1, Math.max(0, vote.agreement)) * weight, weight, source, capped: false };
    });
    if (raw.length < 3) return raw;
    const total = raw.reduce((sum, entry) => sum + entry.vote, 0);
    return raw.map((entry) => {
        const cap = dominanceCap * (total - entry.vote);
        return entry.vote > cap ? { ...entry, vote: cap, capped: true } : entry;
    });
}

/**
 * Phase 2: the consensus engine over the nodes' winners, each weighted by `nodeWeights`. Indices
 * refer to `votes`.
 */
export function globalVote(votes: readonly NodeVote[], options: GlobalVoteOptions): Decision {
    return voteWith(votes, nodeWeights(votes, options).map((entry) => entry.vote), options);
}

/**
 * For each node, whether its answer agrees with what the other nodes decide without it (the
 * leave-one-out vote, so that a trusted node is not confirmed by its own vote). The others count as
 * having decided only when at least two of them back their winner: independent nodes rarely share
 * a wrong answer, so such an answer is almost always right, and agreeing with it measures how often
 * the node is right (one node's answer alone would measure that node, and with two nodes nobody can
 * tell who is right). Null when the others did not decide. Voting strategies compare extracted
 * answers, the others the texts' similarity.
 */
export function agreementsWithOthers(votes: readonly NodeVote[], options: GlobalVoteOptions): (boolean | null)[] {
    return votes.map((vote, index) => {
        const others = votes.filter((_, other) => other !== index);
        if (others.length < 2) return null;
        // The node is added with no weight: it changes no total, and shares the winner's score only when it shares its answer.
        const decision = voteWith([...others, vote], [...nodeWeights(others, options).map((entry) => entry.vote), 0], options);
        if (decision.confidence <= 0) return null;
        const top = decision.scores[decision.winner]!;
        const winner = others[decision.winner === others.length ? globalVote(others, options).winner : decision.winner]!;
        const sameAnswer = decision.answer != null
            ? (at: number) => Math.abs(decision.scores[at]! - top) < 1e-12
            : (at: number) => similarityToWinner(at === others.length ? vote.text : others[at]!.text, winner.text) >= agreementThreshold;
        if (others.filter((_, at) => sameAnswer(at)).length < 2) return null;
        return sameAnswer(others.length);
    });
}

function voteWith(votes: readonly NodeVote[], weights: readonly number[], options: GlobalVoteOptions): Decision {
    const ballots = votes.map((vote) => ({
        text: vote.text,
        worker: vote.node,
        model: nodeKey(vote),
        latencyMs: vote.latencyMs,
        finishReason: vote.finishReason,
        tokens: vote.tokens
    }));
    const byKey = Object.fromEntries(votes.map((vote, index) => [nodeKey(vote), weights[index]!]));
    return decide(ballots, { strategy: options.strategy, prompt: options.prompt, weights: byKey, abstainBelow: options.abstainBelow });
}

/** How close a node's answer is to the global winner's, 0..1. */
export function similarityToWinner(text: string, winnerText: string): number {
    return text === winnerText ? 1 : textSimilarity(text, winnerText);
}
