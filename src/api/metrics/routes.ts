import { Elysia } from "elysia";
import type { SwarmMetrics } from "../../metrics/index.ts";

export function metricsRoutes(metrics: SwarmMetrics) {
    return new Elysia({ name: "metrics" }).get(
        "/metrics",
        async () => new Response(await metrics.text(), { headers: { "content-type": metrics.contentType } }),
        {
            detail: {
                summary: "Prometheus metrics: requests, tokens, queue, 429s, worker time, votes, first-token time, peers",
                description: "Text exposition format. Needs the API key unless the `metrics-public` setting opens it to loopback clients.",
                tags: ["metrics"],
                responses: { 200: { description: "Prometheus text format", content: { "text/plain": { schema: { type: "string" } } } } }
            }
        }
    );
}
