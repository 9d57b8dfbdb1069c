import { spawn } from "node:child_process";
import { CancelledError, ToolFailedError } from "../errors.ts";

export interface RunCommandOptions {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string>>;
    readonly timeoutMs: number;
    /** Most bytes kept of stdout and of stderr each; the rest is read and dropped. */
    readonly maxOutputBytes: number;
    readonly signal?: AbortSignal;
}

export interface CommandOutcome {
    /** null when the command was killed. */
    readonly exitCode: number | null;
    readonly signal: string | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly timedOut: boolean;
    /** True when stdout or stderr was longer than the cap. */
    readonly truncated: boolean;
    readonly durationMs: number;
}

/** How long to wait for the pipes to close after the process exits (a stray child may hold them). */
const drainMs = 500;

/**
 * Runs `argv` in its own process group and kills the whole group (SIGKILL) when the time is up
 * or `signal` aborts, so nothing it started lives on. A sandbox that adds a PID namespace also
 * catches processes that left the group.
 */
export function runCommand(argv: readonly string[], options: RunCommandOptions): Promise<CommandOutcome> {
    const [program = "", ...args] = argv;
    const started = performance.now();
    return new Promise((resolve, reject) => {
        if (options.signal?.aborted === true) return reject(new CancelledError("execute_bash was cancelled"));
        const child = spawn(program, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        const stdout = new CappedBuffer(options.maxOutputBytes);
        const stderr = new CappedBuffer(options.maxOutputBytes);
        child.stdout.on("data", (chunk: Buffer) => stdout.add(chunk));
        child.stderr.on("data", (chunk: Buffer) => stderr.add(chunk));

        let timedOut = false;
        let cancelled = false;
        const killGroup = () => {
            try {
                if (child.pid != null) process.kill(-child.pid, "SIGKILL");
            } catch {
                // The group is already gone.
            }
        };
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup();
        }, options.timeoutMs);
        const onAbort = () => {
            cancelled = true;
            killGroup();
        };
        options.signal?.addEventListener("abort", onAbort, { once: true });

        child.on("error", (error) => {
            clearTimeout(timer);
            options.signal?.removeEventListener("abort", onAbort);
            reject(new ToolFailedError(`execute_bash: cannot start ${program}: ${error.message}`, { code: "command_failed", cause: error }));
        });
        child.on("exit", (exitCode, signal) => {
            clearTimeout(timer);
            options.signal?.removeEventListener("abort", onAbort);
            // Anything still in the group outlives the shell only until now.
            killGroup();
            let finished = false;
            const finish = () => {
                if (finished) return;
                finished = true;
                clearTimeout(drain);
                child.stdout.destroy();
                child.stderr.destroy();
                if (cancelled) return reject(new CancelledError("execute_bash was cancelled"));
                resolve({
                    exitCode,
                    signal,
                    stdout: stdout.text(),
                    stderr: stderr.text(),
                    timedOut,
                    truncated: stdout.truncated || stderr.truncated,
                    durationMs: Math.round(performance.now() - started)
                });
            };
            const drain = setTimeout(finish, drainMs);
            child.on("close", finish);
        });
    });
}

class CappedBuffer {
    private readonly chunks: Buffer[] = [];
    private size = 0;
    truncated = false;

    constructor(private readonly limit: number) {}

    add(chunk: Buffer): void {
        const room = this.limit - this.size;
        if (chunk.length > room) this.truncated = true;
        if (room <= 0) return;
        const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
        this.chunks.push(kept);
        this.size += kept.length;
    }

    text(): string {
        return Buffer.concat(this.chunks).toString("utf8");
    }
}
