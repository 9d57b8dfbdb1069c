import type { RunOptions, SwarmRequest, SwarmResult, Voter } from "../swarm/index.ts";
import type { NodeVote } from "./protocol.ts";

/**
 * Phase 1 on this node: its own workers answer and vote locally; the winner and a summary of
 * every candidate (no texts but the winner's) go back to the node that asked.
 */
export async function runLocalVote(local: Voter, request: SwarmRequest, node: string, options: RunOptions = {}): Promise<NodeVote> {
    const started = performance.now();
    const result = await local.run(request, options);
    return toNodeVote(result, node, local.workers, Math.round(performance.now() - started));
}

/** A local result as the node vote it makes in the federation. */
export function toNodeVote(result: SwarmResult, node: string, workers: number, latencyMs: number): NodeVote {
    const { decision } = result;
    const winner = result.candidates[decision.winner]!;
    return {
        node,
        model: result.model,
        workers,
        worker: winner.worker,
        text: winner.text,
        ...(winner.thought != null && winner.thought !== "" ? { thought: winner.thought } : {}),
        ...(winner.thoughtTokens != null && winner.thoughtTokens > 0 ? { thoughtTokens: winner.thoughtTokens } : {}),
        ...(winner.cutWhileThinking === true ? { cutWhileThinking: true } : {}),
        temperature: winner.temperature,
        seed: winner.seed,
        finishReason: winner.finishReason,
        tokens: winner.tokens,
        promptTokens: result.promptTokens,
        latencyMs,
        strategy: decision.strategy,
        agreement: decision.agreement,
        confidence: decision.confidence,
        candidates: result.candidates.map((candidate, index) => ({
            worker: candidate.worker,
            tokens: candidate.tokens,
            latencyMs: candidate.latencyMs,
            finishReason: candidate.finishReason,
            score: Number.isFinite(decision.scores[index]) ? decision.scores[index]! : null
        })),
        ...(result.toolVote != null ? { toolCalls: result.toolVote.calls.map(({ name, arguments: args }) => ({ name, arguments: args })) } : {})
    };
}
