import { createApp } from "../api/index.ts";
import type { Settings, UserPaths } from "../config/index.ts";
import { ConfigError } from "../errors.ts";
import { joinFederation, type JoinedFederation } from "../federation/index.ts";
import type { Logger } from "../log.ts";
import { loadSwarm } from "./loadSwarm.ts";

export interface RunningServer {
    readonly url: string;
    readonly port: number;
    /** Stops accepting, cancels in-flight work, frees the model. */
    dispose(): Promise<void>;
}

const loopbackHosts = new Set(["127.0.0.1", "::1", "localhost"]);

/** Loads the swarm, joins the federation if configured, and serves the API; resolves once the server accepts connections. */
export async function startServer(settings: Settings, log: Logger, paths: UserPaths, stderr: NodeJS.WritableStream = process.stderr): Promise<RunningServer> {
    if (!loopbackHosts.has(settings.host) && (settings.apiKey == null || settings.apiKey === ""))
        throw new ConfigError(`refusing to listen on ${settings.host} without an API key: set --api-key (or LOCAL_SWARM_API_KEY), or listen on 127.0.0.1`);
    const { swarm, engine, threads } = await loadSwarm(settings, { paths, log, stderr });
    let joined: JoinedFederation;
    try {
        joined = joinFederation(settings, swarm, log, paths.dataDir);
    } catch (error) {
        await swarm.dispose();
        throw error;
    }
    const { federation, voter, alone } = joined;
    const app = createApp({ swarm, voter, federation, alone, apiKey: settings.apiKey, defaultMaxTokens: settings.maxTokens });
    try {
        app.listen({ hostname: settings.host, port: settings.port, idleTimeout: 255 });
    } catch (error) {
        await swarm.dispose();
        throw new ConfigError(`cannot listen on ${settings.host}:${settings.port}: ${(error as Error).message}`, { cause: error });
    }
    const server = app.server!;
    const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
    const url = `http://${host}:${server.port}`;
    log.info(`serving ${swarm.model} (${engine.chatFormat} chat format) with ${swarm.workers} workers, ${threads} threads, at ${url}`);
    if (federation == null) log.info(`federation: ${alone}`);
    else federation.start(server.port!);
    return {
        url,
        port: server.port!,
        async dispose() {
            await federation?.dispose();
            const stopping = server.stop();
            await swarm.dispose();
            await stopping;
        }
    };
}
