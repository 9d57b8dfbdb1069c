import { Elysia } from "elysia";
import { dashboardPage, type SwarmMonitor } from "../../dashboard/index.ts";

const pageHeaders = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "content-security-policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
};

/** `GET /`: the dashboard page (public: it holds no data); `GET /v1/swarm/events`: its live feed (behind the API key). */
export function dashboardRoutes(monitor: SwarmMonitor) {
    return new Elysia({ name: "dashboard" })
        .get("/", () => new Response(dashboardPage, { headers: pageHeaders }), {
            detail: { summary: "The live dashboard: workers, hardware, peers, the last votes and a chat box", tags: ["dashboard"] }
        })
        .get(
            "/v1/swarm/events",
            ({ request }) => {
                const feed = monitor.connect();
                request.signal.addEventListener("abort", () => feed.close(), { once: true });
                return new Response(feed.stream(), {
                    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" }
                });
            },
            {
                detail: {
                    summary: "Server-sent events of the swarm at work: a snapshot (machine, workers, last requests), then status, request and text events",
                    tags: ["dashboard"]
                }
            }
        );
}
