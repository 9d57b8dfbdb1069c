import OpenAI from "openai";
import { resolveSettings, userPaths, type Settings, type UserPaths } from "../../src/config/index.ts";
import { startServer, type RunningServer } from "../../src/cli/startServer.ts";
import { silentLogger } from "../../src/log.ts";
import { testModelPath } from "./testModel.ts";

export interface TestServer extends RunningServer {
    readonly client: OpenAI;
    readonly settings: Settings;
}

/**
 * The real server on a free loopback port, on the real test model, with one llama.cpp thread and
 * no shutdown grace (tests that need one ask for it).
 * `paths` default to the user's (a federating server keeps its node id in `paths.dataDir`).
 */
export async function startTestServer(overrides: Partial<Record<keyof Settings, unknown>> = {}, paths: UserPaths = userPaths()): Promise<TestServer> {
    const settings = resolveSettings({
        flags: { model: await testModelPath(), workers: 3, threads: 1, contextSize: 1024, maxTokens: 48, port: 0, logLevel: "error", shutdownGrace: 0, ...overrides }
    });
    const server = await startServer(settings, silentLogger, paths);
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: settings.apiKey ?? "unused", maxRetries: 0 });
    return { ...server, client, settings };
}

/** Waits until no worker is busy (by `/health`); returns how long that took, or throws past `timeoutMs`. */
export async function waitForIdle(server: TestServer, timeoutMs: number): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
        const health = await (await fetch(`${server.url}/health`)).json() as { workers: { busy: number } };
        if (health.workers.busy === 0) return performance.now() - started;
        await Bun.sleep(5);
    }
    throw new Error(`workers still busy after ${timeoutMs} ms`);
}
