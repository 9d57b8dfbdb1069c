import fs from "node:fs";
import path from "node:path";
import type { Exec, ExecResult } from "../../src/hardware/exec.ts";

const fixtures = path.resolve(import.meta.dir, "..", "fixtures", "hardware");

/** A recorded probe tool's output, from `test/fixtures/hardware/`. */
export function fixture(name: string): string {
    return fs.readFileSync(path.join(fixtures, name), "utf8");
}

/**
 * An `Exec` that replays recordings: `results` maps a tool name to what it gave (a fixture's output
 * as `ok`, or `missing`/`failed`/`timeout`). A tool not in the map is `missing`, as on a machine
 * without it. Every call is kept in `calls`.
 */
export function recordedExec(results: Record<string, ExecResult>): Exec & { calls: string[] } {
    const calls: string[] = [];
    const exec: Exec = async (command, args) => {
        calls.push([command, ...args].join(" "));
        return results[command] ?? { kind: "missing" };
    };
    return Object.assign(exec, { calls });
}

export function ok(fixtureName: string): ExecResult {
    return { kind: "ok", stdout: fixture(fixtureName) };
}
