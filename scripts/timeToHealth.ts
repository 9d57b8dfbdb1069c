/**
 * Starts `local-swarm serve` (any command line: a compiled binary or `bun src/cli/main.ts`) and
 * measures the time until `GET /health` answers 200: the start-up time a user waits. Returns the
 * running server so the caller can use it, and `stop()` sends SIGTERM and resolves to the exit code.
 */
export interface StartedServer {
    readonly url: string;
    /** Milliseconds from spawn to the first 200 from /health. */
    readonly msToHealthy: number;
    /** Everything the server wrote to stderr so far (its log). */
    log(): string;
    stop(): Promise<number>;
}

export interface StartOptions {
    /** The program and its arguments up to (not including) `serve`. */
    readonly command: readonly string[];
    readonly serveArgs: readonly string[];
    readonly port: number;
    readonly env: Record<string, string>;
    readonly cwd?: string;
    /** Give up after this long (default 60 s). */
    readonly timeoutMs?: number;
}

export async function startAndTimeHealth(options: StartOptions): Promise<StartedServer> {
    const url = `http://127.0.0.1:${options.port}`;
    const started = performance.now();
    const child = Bun.spawn([...options.command, "serve", "--host", "127.0.0.1", "--port", String(options.port), ...options.serveArgs], {
        cwd: options.cwd, env: options.env, stdout: "pipe", stderr: "pipe"
    });
    let stderr = "";
    const decoder = new TextDecoder();
    const reading = (async () => {
        const reader = child.stderr.getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) stderr += decoder.decode(chunk.value, { stream: true });
    })();
    const stop = async () => {
        child.kill("SIGTERM");
        const code = await child.exited;
        await reading;
        return code;
    };
    const deadline = started + (options.timeoutMs ?? 60_000);
    while (performance.now() < deadline) {
        if (child.exitCode != null) {
            await reading;
            throw new Error(`serve exited with ${child.exitCode} before it was healthy:\n${stderr}`);
        }
        const healthy = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then((response) => response.ok, () => false);
        if (healthy) return { url, msToHealthy: performance.now() - started, log: () => stderr, stop };
        await Bun.sleep(20);
    }
    await stop();
    throw new Error(`serve was not healthy within ${options.timeoutMs ?? 60_000} ms:\n${stderr}`);
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const port = probe.port!;
    probe.stop(true);
    return port;
}
