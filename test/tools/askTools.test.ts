import { afterAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testModelPath } from "../support/testModel.ts";

const main = path.join(import.meta.dir, "..", "..", "src", "cli", "main.ts");
const base = fs.mkdtempSync(path.join(os.tmpdir(), "ask-tools-test-"));
const workspace = path.join(base, "ws");

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** The real binary's entry point as a real process, answering its questions on stdin. */
async function ask(args: string[], input: string) {
    const model = await testModelPath();
    const child = Bun.spawn([process.execPath, main, "ask", "--model", model, "--workers", "2", "--threads", "1", "--max-tokens", "300", "--seed", "2", "--tools", "--workspace", workspace, ...args], {
        stdin: new TextEncoder().encode(input),
        stdout: "pipe",
        stderr: "pipe",
        env: { ...process.env, LOCAL_SWARM_DATA_DIR: base, LOCAL_SWARM_CONFIG: path.join(base, "absent.json") }
    });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { stdout, stderr, code };
}

describe("ask --tools", () => {
    test("asks before a write, and a no leaves the workspace untouched", async () => {
        const result = await ask(["--tool-choice", "write_file", "Write the notes"], "n\n");
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("sandbox:");
        expect(result.stdout).toContain("→ write_file");
        expect(result.stdout).toContain("run write_file");
        expect(result.stdout).toContain("✗ write_file: declined");
        expect(result.stdout).toContain("=== answer after 2 rounds");
        expect(fs.readdirSync(workspace)).toEqual([]);
    });

    test("--yes runs the call without asking and hands back its result", async () => {
        fs.writeFileSync(path.join(workspace, "notes.txt"), "remember the milk");
        const result = await ask(["--yes", "--tool-choice", "read_file", "Read the notes"], "");
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("→ read_file");
        expect(result.stdout).not.toContain("[y/N]");
        expect(result.stdout).toMatch(/[←✗] read_file/);
        expect(result.stdout).toContain("=== answer");
    });

    test("an unknown tool choice exits with a message", async () => {
        const result = await ask(["--tool-choice", "format_disk", "hi"], "");
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("format_disk");
    });
});
