import { execFile } from "node:child_process";
import type { CodeRunner } from "../consensus/index.ts";
import { availableCores } from "../hardware/index.ts";
import { detectSandbox, type Sandbox } from "../tools/index.ts";
import { CodeExecutor } from "./CodeExecutor.ts";
import { findInterpreters } from "./findInterpreters.ts";

export interface CodeRunnerSettings {
    readonly executeCode: boolean;
    /** Seconds one candidate's run may take. */
    readonly executeTimeout: number;
    /** Seconds one test may take. */
    readonly executeTestTimeout: number;
    /** MiB of data segment per run. */
    readonly executeMemory: number;
}

/** What the server and the CLI hold: the runner (absent when off), one line for the log, and dispose. */
export interface CodeRunnerHandle {
    readonly runner?: CodeRunner;
    readonly summary: string;
    dispose(): void;
}

/**
 * The sandboxed code runner the settings ask for. Off unless `executeCode`. Model-written code runs
 * only in bubblewrap (files outside its scratch folder read-only, no network, its own PID
 * namespace) under prlimit; where either is missing the runner refuses, saying why.
 */
export async function createCodeRunner(settings: CodeRunnerSettings, sandbox?: Sandbox): Promise<CodeRunnerHandle> {
    if (!settings.executeCode) return { summary: "off (--execute-code enables it)", dispose: () => undefined };
    const found = sandbox ?? await detectSandbox();
    const refusal = refusalFor(found) ?? (await hasPrlimit() ? undefined : "code execution needs prlimit (util-linux) to limit each run's memory; it is not installed");
    if (refusal != null) {
        const runner: CodeRunner = { refusal, run: () => Promise.reject(new Error(refusal)) };
        return { runner, summary: `refused: ${refusal}`, dispose: () => undefined };
    }
    const interpreters = await findInterpreters();
    const executor = new CodeExecutor({
        sandbox: found,
        interpreters,
        runTimeoutMs: settings.executeTimeout * 1000,
        testTimeoutMs: settings.executeTestTimeout * 1000,
        memoryBytes: settings.executeMemory * 1024 * 1024,
        parallel: availableCores()
    });
    const languages = interpreters.python == null ? "javascript, typescript (no python3 found)" : "python, javascript, typescript";
    return { runner: executor, summary: `on (${languages}; ${found.summary})`, dispose: () => executor.dispose() };
}

function refusalFor(sandbox: Sandbox): string | undefined {
    if (sandbox.kind === "none") return "code execution needs bubblewrap (bwrap) and neither it nor unshare works here; model-written code never runs unconfined";
    if (!sandbox.filesystem || !sandbox.network || !sandbox.processTree)
        return `code execution needs bubblewrap (bwrap): the ${sandbox.kind} sandbox cannot keep code from writing outside its scratch folder`;
    return undefined;
}

function hasPrlimit(): Promise<boolean> {
    return new Promise((resolve) => execFile("prlimit", ["--version"], { timeout: 5_000 }, (error) => resolve(error == null)));
}
