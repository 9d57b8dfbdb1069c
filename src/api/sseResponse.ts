import type { SwarmResult } from "../swarm/index.ts";
import { streamResponse, type AdmittedRun } from "./admitStream.ts";
import { mapError } from "./errorBody.ts";

/**
 * OpenAI server-sent events for an admitted, voted request. The answer is only known once the vote
 * is done, so until then the stream carries SSE comments every `keepAliveMs` (proxies and clients
 * keep the connection); then `write` sends the answer's events through `data`. A failure after
 * admission is an OpenAI error object as an event. The stream always ends with `[DONE]`.
 */
export function sseResponse(admitted: AdmittedRun, keepAliveMs: number, write: (result: SwarmResult, data: (value: unknown) => void) => void): Response {
    return streamResponse(admitted, "text/event-stream; charset=utf-8", async (send) => {
        const data = (value: unknown) => send(`data: ${JSON.stringify(value)}\n\n`);
        send(": the swarm is voting\n\n");
        const keepAlive = setInterval(() => send(": voting\n\n"), keepAliveMs);
        try {
            const result = await admitted.running;
            clearInterval(keepAlive);
            write(result, data);
        } catch (error) {
            if (!admitted.signal.aborted) data(mapError("UNKNOWN", error).body);
        } finally {
            clearInterval(keepAlive);
            send("data: [DONE]\n\n");
        }
    });
}
