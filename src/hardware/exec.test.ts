import { describe, expect, test } from "bun:test";
import { realExec } from "./exec.ts";

describe("realExec", () => {
    test("runs a real tool and returns its output", async () => {
        expect(await realExec("sh", ["-c", "echo hello"], { timeoutMs: 10_000 })).toEqual({ kind: "ok", stdout: "hello\n" });
    });

    test("a tool that is not installed is 'missing'", async () => {
        expect(await realExec("local-swarm-no-such-tool", [], { timeoutMs: 10_000 })).toEqual({ kind: "missing" });
    });

    test("a non-zero exit is 'failed' with its stderr", async () => {
        expect(await realExec("sh", ["-c", "echo broken >&2; exit 3"], { timeoutMs: 10_000 })).toEqual({ kind: "failed", exitCode: 3, stderr: "broken" });
    });

    test("a tool that hangs is killed and reported as 'timeout'", async () => {
        expect(await realExec("sleep", ["30"], { timeoutMs: 200 })).toEqual({ kind: "timeout" });
    });
});
