import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import type { SwarmMonitor } from "../dashboard/index.ts";
import type { Embedder } from "../embeddings/index.ts";
import type { SwarmMetrics } from "../metrics/index.ts";
import type { ModelLibrary } from "../models/index.ts";
import type { Federation } from "../federation/index.ts";
import type { RequestedMode, Swarm, Voter } from "../swarm/index.ts";
import { isLoopbackHost } from "../net/index.ts";
import { packageVersion } from "../runtime/index.ts";
import type { ToolExecutor } from "../tools/index.ts";
import { silentLogger, type Logger } from "../log.ts";
import { accessLog } from "./accessLog.ts";
import { chatRoutes } from "./chat/routes.ts";
import { docsRoutes } from "./docs/routes.ts";
import { publishJsonBodies, type RouteWithBody } from "./docs/publishJsonBodies.ts";
import { completionRoutes } from "./completions/routes.ts";
import { consensusRoutes } from "./consensus/routes.ts";
import type { VoteWorker } from "./consensus/VoteWorker.ts";
import { dashboardRoutes } from "./dashboard/routes.ts";
import { errorBodyFor, mapError } from "./errorBody.ts";
import { embeddingRoutes } from "./embeddings/routes.ts";
import { federationRoutes } from "./federation/routes.ts";
import { guardRequest } from "./guardRequest.ts";
import { allowedHostNames } from "./hostCheck.ts";
import { defaultMaxRequestBytes } from "./readJsonBody.ts";
import { healthRoutes } from "./health/routes.ts";
import { metricsRoutes } from "./metrics/routes.ts";
import { modelsRoutes } from "./models/routes.ts";
import { ollamaRoutes } from "./ollama/routes.ts";
import type { OllamaModelInfo } from "./ollama/modelInfo.ts";
import { toolRoutes } from "./tools/routes.ts";

export interface AppOptions {
    readonly swarm: Swarm;
    /** Feeds the dashboard; its owner disposes it (before stopping the server: it holds streams open). */
    readonly monitor: SwarmMonitor;
    /** Served at /metrics; every HTTP answer is counted into it here. */
    readonly metrics: SwarmMetrics;
    /** Answers /v1/embeddings (no vote). */
    readonly embedder: Embedder;
    /** Context tokens each worker has. */
    readonly contextSize: number;
    /** The served model as Ollama's API describes it. */
    readonly modelInfo: () => Promise<OllamaModelInfo>;
    /** The models folder Ollama's `/api/pull` and `/api/delete` manage. */
    readonly library: ModelLibrary;
    /** A second port the same app listens on (Ollama's); its Host headers pass the loopback check too. */
    readonly ollamaPort?: number;
    /** Serve /metrics without the API key to loopback clients; default false. */
    readonly metricsPublic?: boolean;
    /** Runs `/v1/consensus` decisions off the event loop; its owner disposes it. */
    readonly decisions: VoteWorker;
    /** What answers chat requests; default the local swarm (the federated vote when this node federates). */
    readonly voter?: Voter;
    /** This node's federation, if it has one, and otherwise why it runs alone. */
    readonly federation?: Federation;
    readonly alone?: string | null;
    readonly apiKey?: string;
    /** Origins allowed to call the API from a browser; default none. */
    readonly corsOrigins?: readonly string[];
    /** Largest request body; default 4 MiB. */
    readonly maxRequestBytes?: number;
    readonly defaultMaxTokens: number;
    /** The tool executor when tools are enabled; absent, the tool routes answer 403. */
    readonly tools?: ToolExecutor;
    /**
     * Address the server listens on (default 127.0.0.1). On loopback, requests must name a loopback
     * host (DNS-rebinding guard); beyond it, tools need the API key.
     */
    readonly host?: string;
    /** SSE comment interval while a streamed request is being voted on; default 2000 ms. */
    readonly keepAliveMs?: number;
    /** Gets one access-log line per request; default none. */
    readonly log?: Logger;
    /** How streams that ask for no mode are answered (the `stream-mode` setting); default auto. */
    readonly streamMode?: RequestedMode;
}

/**
 * The HTTP API: OpenAI-compatible routes, health, the dashboard, and OpenAPI docs at /openapi. Every error,
 * whichever layer throws it, leaves through the one `onError` below as OpenAI-style JSON.
 */
export function createApp(options: AppOptions) {
    const startedAt = Date.now();
    const maxRequestBytes = options.maxRequestBytes ?? defaultMaxRequestBytes;
    const host = options.host ?? "127.0.0.1";
    const guard = {
        ...(options.apiKey != null ? { apiKey: options.apiKey } : {}),
        ...(isLoopbackHost(host) ? { allowedHosts: allowedHostNames(host) } : {}),
        extraPorts: options.ollamaPort == null || options.ollamaPort === 0 ? [] : [options.ollamaPort],
        corsOrigins: new Set(options.corsOrigins ?? []),
        maxRequestBytes,
        openToThisMachine: new Set(options.metricsPublic === true ? ["/metrics"] : [])
    };
    const generation = { voter: options.voter ?? options.swarm, defaultMaxTokens: options.defaultMaxTokens, keepAliveMs: options.keepAliveMs ?? 2000, maxRequestBytes, streamMode: options.streamMode ?? "auto" };
    // normalize: false, or Elysia "repairs" bad bodies (a string where an object belongs becomes {"0": …}).
    // The routes, once the app is built: the spec's request bodies are filled in from them.
    let routes: readonly RouteWithBody[] = [];
    const app = new Elysia({ normalize: false })
        .use(accessLog(options.log ?? silentLogger))
        .onError(({ code, error, set, request }) => {
            const mapped = mapError(code, error);
            set.status = mapped.status;
            Object.assign(set.headers, mapped.headers);
            return errorBodyFor(request.url, mapped);
        })
        .onRequest(({ request, server, set }) => guardRequest(guard, request, server?.port, set.headers, server?.requestIP(request)?.address))
        .onAfterResponse(({ request, route, set, responseValue }) => {
            const status = responseValue instanceof Response ? responseValue.status : typeof set.status === "number" ? set.status : 200;
            options.metrics.http(request.method, route || "unmatched", status);
        })
        .onAfterHandle({ as: "global" }, ({ path, responseValue }) =>
            path === "/openapi/json" ? publishJsonBodies(responseValue as Parameters<typeof publishJsonBodies>[0], routes) : undefined)
        // The spec at /openapi/json; the page at /openapi is this server's own (docs/), not the plugin's CDN one.
        .use(openapi({
            path: "/openapi",
            provider: null,
            documentation: {
                info: { title: "local-swarm", version: packageVersion, description: "OpenAI-compatible API of a local LLM swarm" },
                components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "The server's API key, when it has one" } } },
                security: [{ apiKey: [] }]
            }
        }))
        .use(docsRoutes())
        .use(healthRoutes(options.swarm, startedAt, options.tools))
        .use(modelsRoutes(options.swarm.model, Math.floor(startedAt / 1000)))
        .use(dashboardRoutes(options.monitor))
        .use(metricsRoutes(options.metrics))
        .use(federationRoutes(options.federation, options.alone ?? null))
        .use(chatRoutes(generation))
        .use(completionRoutes(generation))
        .use(embeddingRoutes(options.embedder, maxRequestBytes))
        .use(ollamaRoutes({ ...generation, embedder: options.embedder, contextSize: options.contextSize, modelInfo: options.modelInfo, library: options.library, host, apiKey: options.apiKey }))
        .use(toolRoutes({ executor: options.tools, host, apiKey: options.apiKey, maxRequestBytes }))
        .use(consensusRoutes(() => options.swarm.consensusDefaults, options.decisions, maxRequestBytes));
    routes = app.routes;
    return app;
}
