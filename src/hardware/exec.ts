import { execFile } from "node:child_process";

/**
 * What running one probe tool gave. Probes never throw on a tool's failure: a missing tool, a
 * non-zero exit or a timeout is a normal answer ("this machine has no NVIDIA driver").
 */
export type ExecResult =
    | { readonly kind: "ok"; readonly stdout: string }
    | { readonly kind: "missing" }
    | { readonly kind: "failed"; readonly exitCode: number | null; readonly stderr: string }
    | { readonly kind: "timeout" };

/** Runs a tool. Replaceable so that tests feed recorded outputs instead of running real tools. */
export type Exec = (command: string, args: readonly string[], options: { readonly timeoutMs: number }) => Promise<ExecResult>;

/** The real `Exec`: runs the tool without a shell, killed after `timeoutMs`. */
export const realExec: Exec = (command, args, { timeoutMs }) =>
    new Promise((resolve) => {
        execFile(command, [...args], { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
            if (error == null) {
                resolve({ kind: "ok", stdout: String(stdout) });
                return;
            }
            const code = (error as NodeJS.ErrnoException).code;
            if (code === "ENOENT" || code === "EACCES") resolve({ kind: "missing" });
            else if (error.killed === true || error.signal === "SIGTERM") resolve({ kind: "timeout" });
            else resolve({ kind: "failed", exitCode: typeof error.code === "number" ? error.code : null, stderr: String(stderr).trim() });
        });
    });
