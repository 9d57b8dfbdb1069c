import type { SwarmResult } from "../../swarm/index.ts";
import { swarmExtension } from "../chat/toCompletion.ts";

/** Chat answers carry text in `message`, generate answers in `response`. */
export type OllamaKind = "chat" | "generate";

function textField(kind: OllamaKind, text: string) {
    return kind === "chat" ? { message: { role: "assistant" as const, content: text } } : { response: text };
}

/** A line of an answer in progress, as Ollama streams it. */
export function ollamaPiece(kind: OllamaKind, model: string, text: string) {
    return { model, created_at: new Date().toISOString(), ...textField(kind, text), done: false };
}

/**
 * The closing object: `done` with the reason and Ollama's counters (durations in nanoseconds; like
 * Ollama, counters it does not measure, such as load and prompt-evaluation time, are left out). The
 * swarm's vote rides along in `swarm`, a field Ollama clients ignore. `text` is the whole answer for
 * a plain response, "" for the last line of a stream.
 */
export function ollamaDone(kind: OllamaKind, result: SwarmResult, text: string, startedNs: bigint) {
    const winner = result.candidates[result.decision.winner]!;
    return {
        model: result.model,
        created_at: new Date().toISOString(),
        ...textField(kind, text),
        done: true,
        done_reason: winner.finishReason === "length" ? "length" : "stop",
        total_duration: Number(process.hrtime.bigint() - startedNs),
        prompt_eval_count: result.promptTokens,
        eval_count: winner.tokens,
        eval_duration: winner.latencyMs * 1_000_000,
        swarm: swarmExtension(result)
    };
}

/** Ollama's answer to an empty request, which only loads the model (here it is always loaded). */
export function ollamaLoaded(kind: OllamaKind, model: string) {
    return { model, created_at: new Date().toISOString(), ...textField(kind, ""), done: true, done_reason: "load" };
}
