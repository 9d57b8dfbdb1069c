import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import packageJson from "../../package.json" with { type: "json" };
import type { Swarm } from "../swarm/index.ts";
import { chatRoutes } from "./chat/routes.ts";
import { mapError } from "./errorBody.ts";
import { guardRequest } from "./guardRequest.ts";
import { healthRoutes } from "./health/routes.ts";
import { modelsRoutes } from "./models/routes.ts";

export interface AppOptions {
    readonly swarm: Swarm;
    readonly apiKey?: string;
    /** Host names a loopback-bound server answers to (DNS-rebinding guard); unset: no Host check. */
    readonly allowedHosts?: ReadonlySet<string>;
    /** Origins allowed to call the API from a browser; default none. */
    readonly corsOrigins?: readonly string[];
    /** Largest request body; default 4 MiB. */
    readonly maxRequestBytes?: number;
    readonly defaultMaxTokens: number;
    /** SSE comment interval while a streamed request is being voted on; default 2000 ms. */
    readonly keepAliveMs?: number;
}

/**
 * The HTTP API: OpenAI-compatible routes, health, and OpenAPI docs at /openapi. Every error,
 * whichever layer throws it, leaves through the one `onError` below as OpenAI-style JSON.
 */
export function createApp(options: AppOptions) {
    const startedAt = Date.now();
    const maxRequestBytes = options.maxRequestBytes ?? defaultMaxRequestBytes;
    const guard = {
        ...(options.apiKey != null ? { apiKey: options.apiKey } : {}),
        ...(options.allowedHosts != null ? { allowedHosts: options.allowedHosts } : {}),
        corsOrigins: new Set(options.corsOrigins ?? []),
        maxRequestBytes
    };
    // normalize: false, or Elysia "repairs" bad bodies (a string where an object belongs becomes {"0": …}).
    return new Elysia({ normalize: false })
        .onError(({ code, error, set }) => {
            const mapped = mapError(code, error);
            set.status = mapped.status;
            Object.assign(set.headers, mapped.headers);
            return mapped.body;
        })
        .onRequest(({ request, server, set }) => guardRequest(guard, request, server?.port, set.headers))
        .use(openapi({
            path: "/openapi",
            documentation: {
                info: { title: "local-swarm", version: packageJson.version, description: "OpenAI-compatible API of a local LLM swarm" }
            }
        }))
        .use(healthRoutes(options.swarm, startedAt))
        .use(modelsRoutes(options.swarm.model, Math.floor(startedAt / 1000)))
        .use(chatRoutes({ swarm: options.swarm, defaultMaxTokens: options.defaultMaxTokens, keepAliveMs: options.keepAliveMs ?? 2000, maxRequestBytes }));
}

export const defaultMaxRequestBytes = 4 * 1024 * 1024;

export type App = ReturnType<typeof createApp>;
