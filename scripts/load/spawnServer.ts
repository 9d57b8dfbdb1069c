import path from "node:path";

export interface ServerChild {
    readonly pid: number;
    /** The URL once the server listens; rejects if it exits first. */
    readonly listening: Promise<string>;
    /** Everything the server wrote to stderr so far. */
    readonly log: () => string;
    /** SIGTERM, then the exit code and how long the drain took. */
    stop(): Promise<{ code: number | null; ms: number }>;
    /** SIGKILL: a crash, or a test's cleanup. */
    kill(): void;
}

const main = path.join(import.meta.dir, "..", "..", "src", "cli", "main.ts");

/** The real CLI, `serve` on 127.0.0.1 and a free port, as a child process; its log line names the URL. */
export function spawnServer(args: readonly string[], env: Record<string, string> = {}): ServerChild {
    const child = Bun.spawn([process.execPath, main, "serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "info", ...args], {
        stdout: "ignore",
        stderr: "pipe",
        env: { ...process.env, ...env }
    });
    let log = "";
    const listening = new Promise<string>((resolve, reject) => {
        const decoder = new TextDecoder();
        (async () => {
            const reader = child.stderr.getReader();
            for (let read = await reader.read(); !read.done; read = await reader.read()) {
                log += decoder.decode(read.value);
                const found = / at (http:\/\/127\.0\.0\.1:\d+)\n/.exec(log);
                if (found != null) resolve(found[1]!);
            }
            reject(new Error(`the server exited before listening (code ${await child.exited}):\n${log}`));
        })().catch(reject);
    });
    return {
        pid: child.pid,
        listening,
        log: () => log,
        async stop() {
            const started = performance.now();
            child.kill("SIGTERM");
            const code = await child.exited;
            return { code, ms: Math.round(performance.now() - started) };
        },
        kill: () => child.kill("SIGKILL")
    };
}

/** Resident memory of a process in bytes (Linux /proc, else `ps`). */
export async function rssOf(pid: number): Promise<number> {
    try {
        const status = await Bun.file(`/proc/${pid}/status`).text();
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
    } catch {
        const ps = Bun.spawnSync(["ps", "-o", "rss=", "-p", String(pid)]);
        return Number(ps.stdout.toString().trim()) * 1024;
    }
}
