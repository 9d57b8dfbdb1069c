import { PermissionError } from "../errors.ts";
import type { CodeLanguage, CodeRunner, ExecutionReport, ExecutionSkipped } from "./executionTypes.ts";
import { detectLanguage, extractCode, languageOf } from "./extractCode.ts";
import { chooseStrategy } from "./strategies/auto.ts";
import type { Candidate, RequestedStrategy } from "./types.ts";

/** What the caller knows about the code besides the candidates. */
export interface ExecutionInputs {
    /** The language the request names (`language` on a vote line, `swarm.language` on chat). */
    readonly language?: string;
    readonly prompt?: string;
    /** For a completion of a code prefix: each program is the prefix followed by the candidate's text. */
    readonly prefix?: string;
}

export interface ExecutionPlan {
    readonly programs: readonly string[];
    readonly language: CodeLanguage;
}

/**
 * Whether this vote needs the candidates' code run: `execution` was asked for, or `auto` sees code
 * answers and code can run here (enabled, with a sandbox).
 */
export function wantsExecution(candidates: readonly Candidate[], strategy: RequestedStrategy, runner: CodeRunner | undefined): boolean {
    if (strategy === "execution") return true;
    return strategy === "auto" && runner != null && runner.refusal == null && chooseStrategy(candidates, true).strategy === "execution";
}

/** Each candidate's program and their language, or why nothing can run (the vote then says so). */
export function planExecution(candidates: readonly Candidate[], inputs: ExecutionInputs): ExecutionPlan | ExecutionSkipped {
    const codes = candidates.map((candidate) => (inputs.prefix == null ? extractCode(candidate.text) : { code: inputs.prefix + candidate.text }));
    let language: CodeLanguage | undefined;
    if (inputs.language != null) {
        language = languageOf(inputs.language);
        if (language == null) return { skipped: `${inputs.language} code cannot run here (python, javascript and typescript can)` };
    } else {
        const detected = detectLanguage(codes, inputs.prompt ?? inputs.prefix);
        if (detected.unsupported != null) return { skipped: `${detected.unsupported} code cannot run here (python, javascript and typescript can)` };
        if (detected.language == null) return { skipped: "the code's language is unknown (name it with `language`)" };
        language = detected.language;
    }
    return { programs: codes.map((code) => (code.code.trim() === "" ? "" : code.code)), language };
}

/**
 * Runs the plan's programs against the tests with the caller's runner. Without a runner (running
 * code is off) or with one that cannot run code here (no sandbox) this refuses: the strategy never
 * runs model-written code unless enabled, and never outside a sandbox.
 */
export async function runPlan(plan: ExecutionPlan | ExecutionSkipped, tests: readonly string[], runner: CodeRunner | undefined, signal?: AbortSignal): Promise<ExecutionReport | ExecutionSkipped> {
    assertCanRun(runner);
    if ("skipped" in plan) return plan;
    if (tests.length === 0) return { skipped: "no tests were given or written" };
    return runner.run({ ...plan, tests, ...(signal == null ? {} : { signal }) });
}

/** Throws the refusal when code cannot run (off, or no sandbox). */
export function assertCanRun(runner: CodeRunner | undefined): asserts runner is CodeRunner {
    if (runner == null)
        throw new PermissionError("the execution strategy runs model-written code and is off: start with --execute-code (or set \"executeCode\": true) to enable it", { code: "execution_disabled", param: "strategy" });
    if (runner.refusal != null) throw new PermissionError(runner.refusal, { code: "no_sandbox", param: "strategy" });
}
