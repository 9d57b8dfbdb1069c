import type { SwarmEvent, SwarmResult } from "../../swarm/index.ts";
import { mapError } from "../errorBody.ts";
import { choicePieces } from "./choicePieces.ts";
import { pickChoices, swarmExtension, usageOf, wireToolCalls } from "./toCompletion.ts";

export interface StreamOptions {
    readonly id: string;
    readonly created: number;
    readonly n: number;
    readonly includeUsage: boolean;
    /** How often an SSE comment keeps the connection alive while the workers vote. */
    readonly keepAliveMs: number;
    /** Aborted when the client goes away. */
    readonly signal: AbortSignal;
}

type Run = (signal: AbortSignal, onEvent: (event: SwarmEvent) => void, onAccepted: () => void) => Promise<SwarmResult>;

/**
 * OpenAI server-sent events for a voted answer. The answer is only known once the vote is done, so
 * until then the stream carries SSE comments (proxies and clients keep the connection); then each
 * chosen candidate is sent as the text chunks its worker produced (a peer's answer in a federated
 * vote, which this node only got whole, in word-sized pieces: `choicePieces`), a final chunk with
 * `finish_reason` and the `swarm` extension, an optional usage chunk, and `[DONE]`.
 * The stream starts only once the swarm has accepted the request, so a refusal (a full queue's 429,
 * a prompt too long) is an HTTP error status, not an error event inside a 200.
 */
export async function streamCompletion(run: Run, options: StreamOptions): Promise<Response> {
    const encoder = new TextEncoder();
    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal.addEventListener("abort", abort, { once: true });
    const chunksByWorker = new Map<string, string[]>();
    let keepAlive: ReturnType<typeof setInterval> | undefined;
    let accepted!: () => void;
    const admitted = new Promise<void>((resolve) => (accepted = resolve));
    const running = run(controller.signal, (event) => {
        if (event.type !== "text") return;
        const chunks = chunksByWorker.get(event.worker) ?? [];
        chunks.push(event.text);
        chunksByWorker.set(event.worker, chunks);
    }, accepted);
    try {
        await Promise.race([admitted, running]);
    } catch (error) {
        options.signal.removeEventListener("abort", abort);
        throw error;
    }

    const stream = new ReadableStream<Uint8Array>({
        start: async (sink) => {
            let open = true;
            const send = (text: string) => {
                if (open) sink.enqueue(encoder.encode(text));
            };
            const data = (value: unknown) => send(`data: ${JSON.stringify(value)}\n\n`);
            const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
                data({ id: options.id, object: "chat.completion.chunk", created: options.created, model: result?.model, system_fingerprint: null, choices, ...extra });
            let result: SwarmResult | undefined;

            send(": the swarm is voting\n\n");
            keepAlive = setInterval(() => send(": voting\n\n"), options.keepAliveMs);
            try {
                result = await running;
                clearInterval(keepAlive);
                // A voted tool call is one answer (n > 1 is refused with tools).
                const choices = result.toolVote != null ? [result.decision.winner] : pickChoices(result, options.n);
                const toolCalls = result.toolVote == null ? undefined : wireToolCalls(result.toolVote.calls);
                choices.forEach((candidateIndex, index) => {
                    const candidate = result!.candidates[candidateIndex]!;
                    chunk([{ index, delta: { role: "assistant", content: toolCalls != null && candidate.text === "" ? null : "" }, logprobs: null, finish_reason: null }]);
                    for (const piece of choicePieces(result!, candidate, chunksByWorker))
                        if (piece !== "") chunk([{ index, delta: { content: piece }, logprobs: null, finish_reason: null }]);
                    // Each call opens with its index, id, type and name, then carries its arguments,
                    // the way the openai SDK's stream helpers assemble tool calls.
                    toolCalls?.forEach((call, callIndex) => {
                        chunk([{ index, delta: { tool_calls: [{ index: callIndex, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }, logprobs: null, finish_reason: null }]);
                        chunk([{ index, delta: { tool_calls: [{ index: callIndex, function: { arguments: call.function.arguments } }] }, logprobs: null, finish_reason: null }]);
                    });
                    const finishReason = toolCalls == null ? candidate.finishReason : "tool_calls";
                    chunk([{ index, delta: {}, logprobs: null, finish_reason: finishReason }], index === choices.length - 1 ? { swarm: swarmExtension(result!) } : {});
                });
                if (options.includeUsage) chunk([], { usage: usageOf(result, choices) });
            } catch (error) {
                if (!controller.signal.aborted) data(mapError("UNKNOWN", error).body);
            } finally {
                clearInterval(keepAlive);
                options.signal.removeEventListener("abort", abort);
                send("data: [DONE]\n\n");
                open = false;
                try {
                    sink.close();
                } catch {
                    // Already closed by the client.
                }
            }
        },
        cancel: () => {
            clearInterval(keepAlive);
            controller.abort();
        }
    });
    return new Response(stream, {
        headers: {
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-cache",
            connection: "keep-alive",
            "x-accel-buffering": "no"
        }
    });
}
