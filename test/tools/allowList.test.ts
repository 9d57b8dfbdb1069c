import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "../support/testServer.ts";

/**
 * `--tool-allow echo,ls,cat` against the real server: bash arithmetic (`$[x]`) evaluates an array
 * subscript, which runs the command substitution hidden in `x`, so a shell can never enforce the
 * list. With an allow list, commands run without a shell.
 */
const base = fs.mkdtempSync(path.join(os.tmpdir(), "allow-list-test-"));
const workspace = path.join(base, "ws");
let server: TestServer;

beforeAll(async () => {
    server = await startTestServer({ tools: true, workspace, toolAllow: ["echo", "ls", "cat"] });
    fs.writeFileSync(path.join(workspace, "notes.txt"), "hello\n");
});

afterAll(async () => {
    await server.dispose();
    fs.rmSync(base, { recursive: true, force: true });
});

async function bash(command: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${server.url}/v1/tools/execute`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "execute_bash", arguments: { command } })
    });
    return { status: response.status, body: await response.json() };
}

describe("execute_bash with an allow list", () => {
    test("the arithmetic-expansion bypass is refused and runs nothing", async () => {
        for (const attack of [String.raw`x=$'a[\x24\x28touch\x20pwned\x29]'; echo $[x]`, "echo $[x]", "echo $(touch pwned)", "echo `touch pwned`", "echo hi > pwned", "ls | touch pwned", "./cat notes.txt", "/usr/bin/touch pwned"]) {
            const { status, body } = await bash(attack);
            expect(status, attack).toBe(403);
            expect(body.error.code, attack).toBe("command_denied");
        }
        expect(fs.existsSync(path.join(workspace, "pwned"))).toBe(false);
    });

    test("allowed programs run directly, their arguments passed as written", async () => {
        expect((await bash("cat notes.txt")).body.result).toMatchObject({ exit_code: 0, stdout: "hello\n" });
        expect((await bash(`echo '$[x]' "two words" plain`)).body.result).toMatchObject({ exit_code: 0, stdout: "$[x] two words plain\n" });
        expect((await bash("ls")).body.result.stdout).toBe("notes.txt\n");
        expect((await bash("touch made")).body.error.code).toBe("command_denied");
    });
});
