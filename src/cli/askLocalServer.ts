import type { ChatMessage } from "../swarm/index.ts";
import type { LocalServer } from "./localServer.ts";
import type { VoteView } from "./printVote.ts";

/** What `ask` reads from the server's chat completion: the `swarm` extension that explains the vote. */
interface CompletionWithVote {
    readonly swarm: {
        readonly strategy: string;
        readonly winner: string;
        readonly agreement: number;
        readonly confidence: number;
        readonly candidates: readonly {
            readonly worker: string; readonly text: string; readonly tokens: number; readonly latency_ms: number;
            readonly finish_reason: string; readonly score: number | null; readonly temperature: number; readonly seed: number; readonly error?: string;
        }[];
    };
}

export type ServerAnswer = { readonly completion: unknown; readonly view: VoteView } | { readonly refused: string };

/** One chat completion from a running local server, turned into the vote `ask` prints; a refusal (401, 429…) says why. */
export async function askLocalServer(server: LocalServer, apiKey: string | undefined, messages: readonly ChatMessage[], maxTokens: number, seed: number | undefined): Promise<ServerAnswer> {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(apiKey != null && apiKey !== "" ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({ model: server.model, messages, max_tokens: maxTokens, ...(seed != null ? { seed } : {}) })
    });
    const body = await response.json().catch(() => undefined) as (CompletionWithVote & { error?: { message?: string } }) | undefined;
    if (!response.ok || body?.swarm == null) return { refused: `HTTP ${response.status}${body?.error?.message != null ? `: ${body.error.message}` : ""}` };
    const { swarm } = body;
    return {
        completion: body,
        view: {
            candidates: swarm.candidates.map((candidate) => ({
                worker: candidate.worker, temperature: candidate.temperature, seed: candidate.seed, tokens: candidate.tokens, latencyMs: candidate.latency_ms,
                finishReason: candidate.finish_reason, score: candidate.score, text: candidate.text, ...(candidate.error != null ? { error: candidate.error } : {})
            })),
            winner: Math.max(0, swarm.candidates.findIndex((candidate) => candidate.worker === swarm.winner)),
            strategy: swarm.strategy,
            agreement: swarm.agreement,
            confidence: swarm.confidence
        }
    };
}
