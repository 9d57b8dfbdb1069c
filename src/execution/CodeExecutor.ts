import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CodeRunner, ExecutionReport, ExecutionRequest, ExecutionSkipped, ProgramRun, RunStatus } from "../consensus/index.ts";
import { runCommand, scrubEnvironment, type Sandbox } from "../tools/index.ts";
import type { Interpreter } from "./Interpreter.ts";
import { javascriptHarness } from "./javascriptHarness.ts";
import { pythonHarness } from "./pythonHarness.ts";
import { readRunResults } from "./readRunResults.ts";

export interface CodeExecutorOptions {
    /** Must confine files, network and the process tree (see `createCodeExecutor`). */
    readonly sandbox: Sandbox;
    /** Per language; a language without one is reported as skipped. */
    readonly interpreters: Partial<Record<"python" | "bun", Interpreter>>;
    /** Longest one candidate's whole run may take; past it the run is killed and scores zero. */
    readonly runTimeoutMs: number;
    /** Longest one test (or the program's own top level) may take. */
    readonly testTimeoutMs: number;
    /** Data segment limit of every process in a run (prlimit --data). */
    readonly memoryBytes: number;
    /** Runs at once. */
    readonly parallel: number;
    /** Most bytes a run may print on stdout or stderr before it scores zero (default 64 KiB). */
    readonly maxOutputBytes?: number;
    /** Where the per-run scratch folders go (default the OS temp folder). */
    readonly scratchRoot?: string;
}

/** Largest file a run may write (prlimit --fsize): the tests' results, and whatever the candidate writes in its scratch folder. */
const maxFileBytes = 8 * 1024 * 1024;

/**
 * Runs candidates' programs against tests, each candidate in one sandboxed process of its own
 * (all its tests inside, each isolated by its own try and timer), in a fresh scratch folder that
 * is deleted afterwards, under time, memory, file-size and output limits, with no network. Identical
 * programs run once. `dispose()` kills the runs in flight.
 */
export class CodeExecutor implements CodeRunner {
    readonly #options: CodeExecutorOptions;
    readonly #disposed = new AbortController();
    #active = 0;
    readonly #waiting: (() => void)[] = [];

    constructor(options: CodeExecutorOptions) {
        this.#options = options;
    }

    async run(request: ExecutionRequest): Promise<ExecutionReport | ExecutionSkipped> {
        const interpreter = this.#options.interpreters[request.language === "python" ? "python" : "bun"];
        if (interpreter == null) return { skipped: `${request.language} code cannot run: no python3 on this machine` };
        const signal = request.signal == null ? this.#disposed.signal : AbortSignal.any([request.signal, this.#disposed.signal]);
        const unique = [...new Set(request.programs.filter((program) => program !== ""))];
        const outcomes = new Map(await Promise.all(unique.map(async (program) =>
            [program, await this.#queued(() => this.#runOne(program, request, interpreter, signal), signal)] as const)));
        const parsed = [...outcomes.values()].find((outcome) => outcome.parsed != null)?.parsed ?? request.tests.map(() => true);
        const kept = request.tests.flatMap((_, index) => (parsed[index] === true ? [index] : []));
        const runs = request.programs.map((program): ProgramRun => {
            const outcome = outcomes.get(program);
            const status: RunStatus = outcome?.status ?? "no_code";
            return { status, passed: kept.map((index) => status === "ran" && outcome?.passed.has(index) === true) };
        });
        return { language: request.language, tests: kept.map((index) => request.tests[index]!), dropped: request.tests.length - kept.length, runs };
    }

    dispose(): void {
        this.#disposed.abort();
    }

    async #queued<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
        while (this.#active >= this.#options.parallel) await new Promise<void>((resolve) => this.#waiting.push(resolve));
        signal.throwIfAborted();
        this.#active++;
        try {
            return await task();
        } finally {
            this.#active--;
            this.#waiting.shift()?.();
        }
    }

    async #runOne(program: string, request: ExecutionRequest, interpreter: Interpreter, signal: AbortSignal): Promise<RunOutcome> {
        const options = this.#options;
        const dir = await fs.mkdtemp(path.join(options.scratchRoot ?? os.tmpdir(), "local-swarm-exec-"));
        try {
            const python = request.language === "python";
            const file = python ? "candidate.py" : request.language === "typescript" ? "candidate.ts" : "candidate.js";
            const harness = python ? "harness.py" : "harness.cjs";
            await fs.writeFile(path.join(dir, file), program);
            await fs.writeFile(path.join(dir, harness), python ? pythonHarness : javascriptHarness);
            await fs.writeFile(path.join(dir, "run.json"), JSON.stringify({ tests: request.tests, testTimeout: options.testTimeoutMs / 1000, language: request.language, file }));
            const limits = ["prlimit", `--data=${options.memoryBytes}`, `--fsize=${maxFileBytes}`, "--core=0", "--"];
            const argv = [...limits, ...options.sandbox.wrap([...interpreter.argv, harness], dir, interpreter.readOnly)];
            const outcome = await runCommand(argv, {
                cwd: dir,
                env: { ...scrubEnvironment(process.env, dir), ...interpreter.env },
                timeoutMs: options.runTimeoutMs,
                maxOutputBytes: options.maxOutputBytes ?? 64 * 1024,
                signal
            });
            const results = await readRunResults(path.join(dir, "results.jsonl"), request.tests.length);
            const status: RunStatus = outcome.timedOut ? "timeout" : outcome.truncated ? "output_limit" : results.complete ? results.status : "crashed";
            return { status, parsed: results.parsed, passed: results.passed };
        } finally {
            await fs.rm(dir, { recursive: true, force: true });
        }
    }
}

interface RunOutcome {
    readonly status: RunStatus;
    readonly parsed?: readonly boolean[];
    readonly passed: ReadonlySet<number>;
}
