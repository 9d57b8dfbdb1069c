import { execFile } from "node:child_process";
import path from "node:path";
import type { Interpreter } from "./Interpreter.ts";

/**
 * The interpreters code can run with: this program's own Bun for JavaScript and TypeScript (a
 * compiled local-swarm binary acts as plain Bun when BUN_BE_BUN=1 is set), and the `python3` on the
 * PATH, found by asking it for its real executable and install prefix (version managers put a
 * shell shim on the PATH, which the sandbox would not see through).
 */
export async function findInterpreters(): Promise<{ python?: Interpreter; bun: Interpreter }> {
    const bun: Interpreter = { argv: [process.execPath], env: { BUN_BE_BUN: "1" }, readOnly: [path.dirname(process.execPath)] };
    const python = await findPython();
    return python == null ? { bun } : { bun, python };
}

async function findPython(): Promise<Interpreter | undefined> {
    const answer = await new Promise<string | undefined>((resolve) => {
        execFile("python3", ["-c", "import sys; print(sys.executable); print(sys.base_prefix)"], { timeout: 10_000 }, (error, stdout) =>
            resolve(error == null ? stdout : undefined));
    });
    const [executable, prefix] = answer?.trim().split("\n") ?? [];
    if (executable == null || prefix == null || !path.isAbsolute(executable)) return undefined;
    // -I: isolated (no user site-packages, no PYTHON* variables), -S: no site module, -B: no .pyc files.
    return { argv: [executable, "-I", "-S", "-B"], env: {}, readOnly: [...new Set([path.dirname(executable), prefix])] };
}
