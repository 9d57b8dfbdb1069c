import type { ExecResult } from "./exec.ts";
import type { DeviceInfo, GpuInfo, ProbeOutcome } from "./types.ts";

/**
 * Turns a tool's result into a probe outcome: `parse` reads its output and returns `undefined`
 * when the output is not what the tool documents (garbage is reported, never thrown).
 */
export function probeOutcome(
    probe: string,
    result: ExecResult,
    parse: (stdout: string) => { gpus: readonly GpuInfo[]; device?: DeviceInfo } | undefined
): ProbeOutcome {
    switch (result.kind) {
        case "missing":
            return { gpus: [], note: { probe, status: "missing" } };
        case "timeout":
            return { gpus: [], note: { probe, status: "timeout" } };
        case "failed":
            return { gpus: [], note: { probe, status: "failed", detail: firstLine(result.stderr) || `exit code ${result.exitCode ?? "unknown"}` } };
        case "ok": {
            const parsed = parse(result.stdout);
            if (parsed == null) return { gpus: [], note: { probe, status: "unreadable", detail: firstLine(result.stdout) } };
            return parsed;
        }
    }
}

function firstLine(text: string): string {
    return (text.trim().split("\n")[0] ?? "").slice(0, 200);
}
