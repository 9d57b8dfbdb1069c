import type { NodeOutcome } from "../../federation/index.ts";

/**
 * `swarm.nodes` of a federated answer: each node's local vote (its winning worker, how sure it
 * was, its candidates) and how it fared in the global vote. Its answer text is in `swarm.candidates`
 * (worker = node id); a node whose vote was dropped has `error` set. `weight` says what its vote
 * weighed (fitted model weight, learned trust or neutral) and why.
 */
export function nodesExtension(nodes: readonly NodeOutcome[]) {
    return nodes.map((outcome) => ({
        node: outcome.node,
        url: outcome.url,
        self: outcome.self,
        error: outcome.error,
        latency_ms: outcome.latencyMs,
        score: outcome.score,
        won: outcome.won,
        similarity: outcome.similarity,
        weight: outcome.weight == null ? null : {
            vote: outcome.weight.vote,
            weight: outcome.weight.weight,
            source: outcome.weight.source,
            capped: outcome.weight.capped,
            reason: outcome.weight.reason
        },
        ...(outcome.vote == null
            ? {}
            : {
                model: outcome.vote.model,
                workers: outcome.vote.workers,
                winner: outcome.vote.worker,
                tokens: outcome.vote.tokens,
                finish_reason: outcome.vote.finishReason,
                local_vote: { strategy: outcome.vote.strategy, agreement: outcome.vote.agreement, confidence: outcome.vote.confidence, latency_ms: outcome.vote.latencyMs },
                candidates: outcome.vote.candidates.map((candidate) => ({
                    worker: candidate.worker,
                    tokens: candidate.tokens,
                    latency_ms: candidate.latencyMs,
                    finish_reason: candidate.finishReason,
                    score: candidate.score
                }))
            })
    }));
}
