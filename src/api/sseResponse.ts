import type { SwarmEvent, SwarmResult } from "../swarm/index.ts";
import { streamResponse, type AdmittedRun } from "./admitStream.ts";
import { mapError } from "./errorBody.ts";

/**
 * OpenAI server-sent events for an admitted, voted request. Until the answer is known the stream
 * carries SSE comments every `keepAliveMs` (proxies and clients keep the connection), and `live`
 * (when given) may send events for the request's progress through `data`; then `write` sends the
 * rest of the answer. A failure after admission is an OpenAI error object as an event. The stream
 * always ends with `[DONE]`.
 */
export function sseResponse(
    admitted: AdmittedRun,
    keepAliveMs: number,
    write: (result: SwarmResult, data: (value: unknown) => void) => void,
    live?: (event: SwarmEvent, data: (value: unknown) => void) => void
): Response {
    return streamResponse(admitted, "text/event-stream; charset=utf-8", async (send) => {
        const data = (value: unknown) => send(`data: ${JSON.stringify(value)}\n\n`);
        send(": the swarm is voting\n\n");
        if (live != null) admitted.follow((event) => live(event, data));
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
