import { Elysia } from "elysia";
import type { LogFields, Logger } from "../log.ts";

/** What a chat completion body tells the access log: tokens generated, the winning worker and the agreement. */
interface CompletionSummary {
    readonly usage?: { readonly completion_tokens?: number };
    readonly swarm?: { readonly winner?: string; readonly agreement?: number };
}

/**
 * One `info` line per request once it is answered: method, path (no query), status and duration;
 * for a generation also the tokens, the winner and the agreement. Never the prompt or the answer,
 * never a header (the API key travels in one). A streamed answer is logged when its stream starts.
 */
export function accessLog(log: Logger) {
    const started = new WeakMap<Request, number>();
    return new Elysia({ name: "access-log" })
        .onRequest(({ request }) => {
            started.set(request, performance.now());
        })
        .onAfterResponse({ as: "global" }, ({ request, set, responseValue }) => {
            const since = started.get(request);
            const status = responseValue instanceof Response ? responseValue.status : Number(set.status ?? 200);
            const fields: Record<string, string | number | boolean | null> = {
                method: request.method,
                // A request with an empty Host (refused by the Host check) has no parsable URL.
                path: URL.canParse(request.url) ? new URL(request.url).pathname : (request.url.split("?")[0] ?? ""),
                status,
                ms: since == null ? null : Math.round(performance.now() - since)
            };
            Object.assign(fields, generationFields(responseValue));
            log.info("request", fields);
        });
}

function generationFields(value: unknown): LogFields {
    if (value == null || typeof value !== "object" || value instanceof Response) return {};
    const { usage, swarm } = value as CompletionSummary;
    if (swarm?.winner == null) return {};
    return { tokens: usage?.completion_tokens ?? null, winner: swarm.winner, agreement: swarm.agreement ?? null };
}
