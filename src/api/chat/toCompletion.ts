import crypto from "node:crypto";
import type { ExecutionSummary } from "../../consensus/index.ts";
import { isFederatedResult } from "../../federation/index.ts";
import type { SwarmResult, WorkerResult } from "../../swarm/index.ts";
import { nodesExtension } from "./nodesExtension.ts";
import { newToolCallId, type ProposedCall } from "../../tools/index.ts";
import type { ReasoningFormat } from "./toThinking.ts";

/** `chatcmpl-…` for chat, `cmpl-…` for text completions. */
export function newCompletionId(prefix: "chatcmpl" | "cmpl" = "chatcmpl"): string {
    return `${prefix}-${crypto.randomBytes(12).toString("base64url")}`;
}

/**
 * Candidate indices for the n choices: the vote's ranking, distinct texts first (the winner is
 * always choice 0), then repeats if fewer than n distinct answers exist. Failed or stopped workers
 * never appear.
 */
export function pickChoices(result: SwarmResult, n: number): number[] {
    const ranked = result.decision.ranking.filter((index) => {
        const reason = result.candidates[index]?.finishReason;
        return reason !== "error" && reason !== "cancelled";
    });
    const seen = new Set<string>();
    const distinct: number[] = [];
    const repeats: number[] = [];
    for (const index of ranked) {
        const key = result.candidates[index]!.text.trim();
        (seen.has(key) ? repeats : distinct).push(index);
        seen.add(key);
    }
    return [...distinct, ...repeats].slice(0, n);
}

export interface Usage {
    readonly prompt_tokens: number;
    readonly completion_tokens: number;
    readonly total_tokens: number;
    readonly completion_tokens_details: { readonly reasoning_tokens: number };
}

/**
 * Prompt tokens as fed to the model; completion tokens the chosen workers really generated,
 * thinking included (as OpenAI counts them), of which `reasoning_tokens` were thinking.
 */
export function usageOf(result: SwarmResult, choices: readonly number[]): Usage {
    const completion = choices.reduce((sum, index) => sum + result.candidates[index]!.tokens, 0);
    const reasoning = choices.reduce((sum, index) => sum + (result.candidates[index]!.thoughtTokens ?? 0), 0);
    return {
        prompt_tokens: result.promptTokens,
        completion_tokens: completion,
        total_tokens: result.promptTokens + completion,
        completion_tokens_details: { reasoning_tokens: reasoning }
    };
}

/** The tags around inline thinking, the way DeepSeek-R1 writes it (and clients that read `<think>` expect). */
export const thinkTags = { open: "<think>\n", close: "\n</think>\n\n" } as const;

/** A chosen candidate's `content` and `reasoning_content` in the requested format. */
function answerWithThought(candidate: WorkerResult, format: ReasoningFormat): { content: string; reasoning_content?: string } {
    const thought = candidate.thought ?? "";
    if (thought === "" || format === "hidden") return { content: candidate.text };
    const inline = format === "inline" || format === "both" ? thinkTags.open + thought + thinkTags.close : "";
    return { content: inline + candidate.text, ...(format === "inline" ? {} : { reasoning_content: thought }) };
}

/** The `swarm` extension: how the vote went, every candidate with its score (and, federated, every node). */
export function swarmExtension(result: SwarmResult) {
    const { decision } = result;
    return {
        strategy: decision.strategy,
        reason: decision.reason,
        answer: decision.answer,
        abstain: decision.abstain,
        used: decision.used,
        winner: result.candidates[decision.winner]!.worker,
        agreement: decision.agreement,
        confidence: decision.confidence,
        workers: result.candidates.length,
        mode: result.mode ?? "whole",
        prompt_evaluated_tokens: result.promptEvaluated ?? null,
        ...(result.segments != null ? { segments: result.segments.map(({ worker, text, agreement, voters }) => ({ worker, text, agreement, voters })) } : {}),
        total_tokens: result.promptTokens * result.candidates.length + result.candidates.reduce((sum, candidate) => sum + candidate.tokens, 0),
        candidates: result.candidates.map((candidate, index) => ({
            worker: candidate.worker,
            text: candidate.text,
            tokens: candidate.tokens,
            thinking_tokens: candidate.thoughtTokens ?? 0,
            latency_ms: candidate.latencyMs,
            finish_reason: candidate.finishReason,
            score: Number.isFinite(decision.scores[index]) ? decision.scores[index]! : null,
            temperature: candidate.temperature,
            seed: candidate.seed,
            ...(candidate.error != null ? { error: candidate.error } : {}),
            ...(candidate.cutWhileThinking === true ? { no_vote: "cut off by max_tokens while still thinking: no answer" } : {}),
            ...(candidate.calls != null ? { tool_calls: candidate.calls.map(({ name, arguments: args }) => ({ name, arguments: args })) } : {})
        })),
        ...(result.toolVote != null ? { rejected_tool_calls: result.toolVote.rejected } : {}),
        ...(decision.execution != null ? { execution: executionExtension(decision.execution, result) } : {}),
        ...(isFederatedResult(result) ? { nodes: nodesExtension(result.nodes) } : {})
    };
}

/** The pass matrix summary with workers named: tests run and dropped, each worker's passes and run status, the winning group. */
function executionExtension(execution: ExecutionSummary, result: SwarmResult) {
    const worker = (index: number) => result.candidates[index]!.worker;
    return {
        language: execution.language,
        tests: execution.tests,
        dropped_tests: execution.dropped,
        passes: Object.fromEntries(execution.passes.map((passes, index) => [worker(index), passes])),
        statuses: Object.fromEntries(execution.statuses.map((status, index) => [worker(index), status])),
        winning_group: { workers: execution.group.map(worker), tests_passed: execution.groupTests }
    };
}

/** OpenAI `tool_calls` for the voted calls, each with a fresh id and its arguments as JSON text. */
export function wireToolCalls(calls: readonly ProposedCall[]) {
    return calls.map((call) => ({
        id: newToolCallId(),
        type: "function" as const,
        function: { name: call.name, arguments: JSON.stringify(call.arguments) }
    }));
}

export function toCompletion(result: SwarmResult, id: string, created: number, n: number, reasoningFormat: ReasoningFormat) {
    // A voted tool call is one answer (n > 1 is refused with tools).
    const choices = result.toolVote != null ? [result.decision.winner] : pickChoices(result, n);
    const toolCalls = result.toolVote == null ? undefined : wireToolCalls(result.toolVote.calls);
    return {
        id,
        object: "chat.completion" as const,
        created,
        model: result.model,
        system_fingerprint: null,
        choices: choices.map((candidateIndex, index) => {
            const candidate = result.candidates[candidateIndex]!;
            const { content, ...reasoning } = answerWithThought(candidate, reasoningFormat);
            return {
                index,
                message: toolCalls == null
                    ? { role: "assistant" as const, content, ...reasoning, refusal: null }
                    : { role: "assistant" as const, content: content === "" ? null : content, ...reasoning, refusal: null, tool_calls: toolCalls },
                logprobs: null,
                finish_reason: toolCalls == null ? candidate.finishReason : "tool_calls"
            };
        }),
        usage: usageOf(result, choices),
        swarm: swarmExtension(result)
    };
}
