import type { FederatedResult } from "../federation/index.ts";
import { clip, maxCandidateText } from "./candidateView.ts";
import type { FederationView } from "./types.ts";

/** A federated request's global vote as the page shows it: its candidates are the nodes' winners. */
export function federationView(result: FederatedResult): FederationView {
    const { decision } = result;
    return {
        winner: result.candidates[decision.winner]?.worker ?? "",
        strategy: decision.strategy,
        reason: decision.reason,
        agreement: decision.agreement,
        confidence: decision.confidence,
        nodes: result.nodes.map((outcome) => ({
            node: outcome.node,
            self: outcome.self,
            text: clip(outcome.vote?.text ?? "", maxCandidateText),
            workers: outcome.vote?.workers ?? null,
            score: outcome.score,
            won: outcome.won,
            error: outcome.error,
            latencyMs: outcome.latencyMs,
            weight: outcome.weight?.weight ?? null,
            weightReason: outcome.weight?.reason ?? null
        }))
    };
}
