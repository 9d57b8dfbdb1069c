/** Languages the `execution` strategy can run. */
export type CodeLanguage = "python" | "javascript" | "typescript";

/** What a code runner is asked: run every program against every test, each test on its own. */
export interface ExecutionRequest {
    /** One program per candidate, in the candidates' order; "" = the candidate holds no code. */
    readonly programs: readonly string[];
    readonly tests: readonly string[];
    readonly language: CodeLanguage;
    readonly signal?: AbortSignal;
}

/**
 * How one program's run ended: `ran` (its tests have their own results), `no_code`, `syntax_error`
 * (the program does not compile), `crashed` (it died before its tests finished), `timeout` (killed at
 * the time limit), `output_limit` (it printed more than allowed).
 */
export type RunStatus = "ran" | "no_code" | "syntax_error" | "crashed" | "timeout" | "output_limit";

export interface ProgramRun {
    readonly status: RunStatus;
    /** One entry per test of the report; all false unless `status` is `ran`. */
    readonly passed: readonly boolean[];
}

/** The pass matrix: which program passed which test. */
export interface ExecutionReport {
    readonly language: CodeLanguage;
    /** The tests that ran, in the order given; tests that do not parse are dropped. */
    readonly tests: readonly string[];
    /** How many of the given tests were dropped because they do not parse. */
    readonly dropped: number;
    /** One per program, in the programs' order. */
    readonly runs: readonly ProgramRun[];
}

/** Why no code ran (unsupported language, no tests): the strategy falls back to similarity and says so. */
export interface ExecutionSkipped {
    readonly skipped: string;
}

/** Runs programs against tests; the execution domain provides the sandboxed one. */
export interface CodeRunner {
    /** Set when code cannot run here (no sandbox): the strategy refuses with this message. */
    readonly refusal?: string;
    run(request: ExecutionRequest): Promise<ExecutionReport | ExecutionSkipped>;
}

/** What a decision shows of the pass matrix (candidate indices as in the decision). */
export interface ExecutionSummary {
    readonly language: CodeLanguage;
    /** Tests run. */
    readonly tests: number;
    /** Tests dropped because they do not parse. */
    readonly dropped: number;
    /** Tests each candidate passed. */
    readonly passes: readonly number[];
    readonly statuses: readonly RunStatus[];
    /** The winning group: candidates that pass exactly the same tests, and how many tests that is. */
    readonly group: readonly number[];
    readonly groupTests: number;
}
