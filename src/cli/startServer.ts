import { createApp, servedModelInfo, VoteWorker } from "../api/index.ts";
import type { Settings, UserPaths } from "../config/index.ts";
import { machineInfo, SwarmMonitor } from "../dashboard/index.ts";
import type { Embedder } from "../embeddings/index.ts";
import { ConfigError } from "../errors.ts";
import { joinFederation, type JoinedFederation } from "../federation/index.ts";
import type { Logger } from "../log.ts";
import { SwarmMetrics } from "../metrics/index.ts";
import { isLoopbackHost } from "../net/index.ts";
import { createToolExecutor } from "../tools/index.ts";
import { loadEmbedder } from "./loadEmbedder.ts";
import { loadSwarm } from "./loadSwarm.ts";
import { modelLibrary } from "./modelLibrary.ts";

export interface RunningServer {
    readonly url: string;
    readonly port: number;
    /** Every route the API serves (method and path pattern), for audits such as the API-key test. */
    readonly routes: readonly { readonly method: string; readonly path: string }[];
    /**
     * Stops accepting, lets in-flight and queued requests finish within the `shutdownGrace` setting,
     * cancels the rest, frees the model.
     */
    dispose(): Promise<void>;
}

/** Loads the swarm, joins the federation if configured, and serves the API; resolves once the server accepts connections. */
export async function startServer(settings: Settings, log: Logger, paths: UserPaths, stderr: NodeJS.WritableStream = process.stderr): Promise<RunningServer> {
    if (!isLoopbackHost(settings.host) && (settings.apiKey == null || settings.apiKey === ""))
        throw new ConfigError(`refusing to listen on ${settings.host} without an API key: set --api-key (or LOCAL_SWARM_API_KEY), or listen on 127.0.0.1`);
    if (settings.corsOrigins.includes("*"))
        throw new ConfigError("--cors-origins cannot be a wildcard: list the origins (scheme://host:port) that may call the API");
    const tools = settings.tools ? await createToolExecutor(settings, paths) : undefined;
    const { swarm, engine, threads, report, code } = await loadSwarm(settings, { paths, log, stderr });
    let joined: JoinedFederation;
    let embedder: Embedder;
    try {
        embedder = await loadEmbedder(settings, { engine, threads, report, paths, log });
        joined = joinFederation(settings, swarm, log, paths.dataDir);
    } catch (error) {
        tools?.dispose();
        await swarm.dispose();
        code.dispose();
        throw error;
    }
    const { federation, voter, federated, alone } = joined;
    const monitor = new SwarmMonitor({ swarm, federation: federated, machine: machineInfo({ model: swarm.model, hardware: report, backend: engine.backend, threads }) });
    const metrics = new SwarmMetrics({ swarm, ...(federation == null ? {} : { peers: () => federation.registry.snapshot() }) });
    const decisions = new VoteWorker();
    const app = createApp({
        swarm,
        decisions,
        voter,
        federation,
        alone,
        monitor,
        metrics,
        embedder,
        metricsPublic: settings.metricsPublic,
        contextSize: engine.contextSize,
        modelInfo: servedModelInfo(engine),
        library: modelLibrary(settings, paths, { name: swarm.model, path: engine.describe().path }),
        ollamaPort: settings.ollamaPort,
        apiKey: settings.apiKey,
        corsOrigins: settings.corsOrigins,
        maxRequestBytes: settings.maxRequestBytes,
        defaultMaxTokens: settings.maxTokens,
        streamMode: settings.streamMode,
        tools,
        host: settings.host,
        log
    });
    let ollamaListener: ReturnType<typeof Bun.serve> | undefined;
    // Bun's own cap bounds any body a route reads without `readJsonBody`; it answers with a bare 413.
    const listenLimits = { idleTimeout: 255, maxRequestBodySize: settings.maxRequestBytes * 2 };
    try {
        app.listen({ hostname: settings.host, port: settings.port, ...listenLimits });
        // The same app on Ollama's port, for clients that only know that one.
        if (settings.ollamaPort > 0) ollamaListener = Bun.serve({ hostname: settings.host, port: settings.ollamaPort, ...listenLimits, fetch: (request) => app.handle(request) });
    } catch (error) {
        await app.server?.stop();
        monitor.dispose();
        metrics.dispose();
        await decisions.dispose();
        tools?.dispose();
        await embedder.dispose();
        await swarm.dispose();
        code.dispose();
        throw new ConfigError(`cannot listen on ${settings.host}:${settings.port}${settings.ollamaPort > 0 ? ` and ${settings.ollamaPort}` : ""}: ${(error as Error).message}`, { cause: error });
    }
    const server = app.server!;
    const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
    const url = `http://${host}:${server.port}`;
    log.info(`serving ${swarm.model} (${engine.chatFormat} chat format) with ${swarm.workers} workers, ${threads} thread${threads === 1 ? "" : "s"}, at ${url}`);
    if (ollamaListener != null) log.info(`Ollama's API also at http://${host}:${ollamaListener.port}`);
    if (tools != null) log.info(`tools enabled in ${tools.workspace.root}; execute_bash sandbox: ${tools.sandbox.summary}`);
    if (settings.executeCode) log.info(`running candidates' code: ${code.summary}`);
    if (federation == null) log.info(`federation: ${alone}`);
    else federation.start(server.port!);
    return {
        url,
        port: server.port!,
        routes: app.routes.map((route) => ({ method: route.method, path: route.path })),
        async dispose() {
            const stopping = Promise.all([server.stop(), ollamaListener?.stop()]);
            await federation?.dispose();
            // The embedding context may run on the swarm's model: it goes first.
            await embedder.dispose();
            await swarm.dispose(settings.shutdownGrace * 1000);
            // Open dashboard feeds would keep the server from stopping.
            monitor.dispose();
            metrics.dispose();
            await decisions.dispose();
            tools?.dispose();
            code.dispose();
            await stopping;
        }
    };
}
