import fs from "node:fs/promises";
import type { RunStatus } from "../consensus/index.ts";

export interface RunResults {
    /** Which tests compiled; undefined when the harness never said. */
    readonly parsed?: readonly boolean[];
    /** How the program's own run ended ("ran" when its tests ran). */
    readonly status: RunStatus;
    readonly passed: ReadonlySet<number>;
    /** True when the harness reported every parsed test (or the program failed before them). */
    readonly complete: boolean;
}

/** Most bytes of results read: one short line per test. */
const maxResultBytes = 1024 * 1024;

/**
 * Reads the harness's `results.jsonl`. The file is written next to model code, so nothing in it is
 * trusted beyond its shape: bad lines are ignored and a missing file means the run crashed.
 */
export async function readRunResults(file: string, tests: number): Promise<RunResults> {
    let text: string;
    try {
        const handle = await fs.open(file, "r");
        try {
            const buffer = Buffer.alloc(maxResultBytes);
            const { bytesRead } = await handle.read(buffer, 0, maxResultBytes, 0);
            text = buffer.subarray(0, bytesRead).toString("utf8");
        } finally {
            await handle.close();
        }
    } catch {
        return { status: "crashed", passed: new Set(), complete: false };
    }
    let parsed: boolean[] | undefined;
    let program: string | undefined;
    const passed = new Set<number>();
    const reported = new Set<number>();
    for (const line of text.split("\n")) {
        const record = parseLine(line);
        if (record == null) continue;
        if (Array.isArray(record.parsed) && record.parsed.length === tests && parsed == null) parsed = record.parsed.map((value) => value === true);
        else if (typeof record.program === "string" && program == null) program = record.program;
        else if (Number.isInteger(record.test) && typeof record.passed === "boolean") {
            const index = record.test as number;
            reported.add(index);
            if (record.passed) passed.add(index);
        }
    }
    const status: RunStatus = program === "ok" ? "ran" : program === "syntax_error" ? "syntax_error" : program === "timeout" ? "timeout" : "crashed";
    const expected = parsed?.filter(Boolean).length ?? tests;
    const complete = program != null && (status !== "ran" || reported.size === expected);
    return { ...(parsed == null ? {} : { parsed }), status, passed, complete };
}

function parseLine(line: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(line);
        return value != null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}
