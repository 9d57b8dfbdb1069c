import { Elysia } from "elysia";
import type { Swarm } from "../../swarm/index.ts";
import { version } from "../../cli/version.ts";

export function healthRoutes(swarm: Swarm, startedAt: number) {
    return new Elysia({ name: "health" }).get(
        "/health",
        () => {
            const status = swarm.status();
            const busy = status.workers.filter((worker) => worker.busy).length;
            return {
                status: "ok" as const,
                version: version(),
                model: status.model,
                workers: { total: status.workers.length, busy, idle: status.workers.length - busy },
                queue: { waiting: status.queued, capacity: status.queueSize },
                served: status.served,
                uptime_s: Math.round((Date.now() - startedAt) / 1000)
            };
        },
        { detail: { summary: "Liveness and load of this node (no API key needed)", tags: ["health"] } }
    );
}
