import { Elysia } from "elysia";
import type { Swarm } from "../../swarm/index.ts";
import type { ToolExecutor } from "../../tools/index.ts";
import { version } from "../../runtime/index.ts";
import { health, jsonResponse } from "../openapiResponses.ts";

/** `status` is "degraded" while a tool call's work runs past its deadline (a stuck executor). */
export function healthRoutes(swarm: Swarm, startedAt: number, tools: ToolExecutor | undefined) {
    return new Elysia({ name: "health" }).get(
        "/health",
        () => {
            const status = swarm.status();
            const busy = status.workers.filter((worker) => worker.busy).length;
            const toolHealth = tools?.health();
            return {
                status: (toolHealth?.stuck ?? 0) > 0 ? "degraded" as const : "ok" as const,
                version: version(),
                model: status.model,
                workers: { total: status.workers.length, busy, idle: status.workers.length - busy },
                queue: { waiting: status.queued, capacity: status.queueSize },
                served: status.served,
                ...(toolHealth == null ? {} : { tools: toolHealth }),
                uptime_s: Math.round((Date.now() - startedAt) / 1000)
            };
        },
        { detail: { summary: "Liveness and load of this node (no API key needed)", tags: ["health"], security: [], responses: { 200: jsonResponse("This node's state", health) } } }
    );
}
