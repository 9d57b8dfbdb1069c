import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "../support/testServer.ts";

/**
 * A FIFO swapped in for a file while read_file runs, against the real server: a process in the
 * workspace exchanges `f.txt` with a FIFO (renameat2 RENAME_EXCHANGE) in a loop, then deletes the
 * FIFO. No read may block, and chat and the tools keep answering.
 */
const base = fs.mkdtempSync(path.join(os.tmpdir(), "fifo-race-test-"));
const workspace = path.join(base, "ws");
const calls = 400;
let server: TestServer;
let swapper: ChildProcess | undefined;

const swapLoop = `require "syscall.ph"; my ($n, $a, $b) = (&SYS_renameat2, "f.txt", "pipe"); while (1) { syscall($n, -100, $a, -100, $b, 2); }`;

beforeAll(async () => {
    server = await startTestServer({ tools: true, workspace, toolTimeout: 3 });
    fs.writeFileSync(path.join(workspace, "f.txt"), "inside");
    expect(spawnSync("mkfifo", [path.join(workspace, "pipe")]).status).toBe(0);
});

afterAll(async () => {
    swapper?.kill("SIGKILL");
    await server.dispose();
    fs.rmSync(base, { recursive: true, force: true });
});

async function post(route: string, body: unknown, timeoutMs = 10_000): Promise<{ status: number; body: any } | "timed out"> {
    try {
        const response = await fetch(`${server.url}${route}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs)
        });
        return { status: response.status, body: await response.json() };
    } catch {
        return "timed out";
    }
}

async function health(): Promise<any> {
    return (await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(2_000) })).json();
}

describe("read_file against a FIFO swapped in", () => {
    test("a FIFO in place is refused at once", async () => {
        const answer = await post("/v1/tools/execute", { name: "read_file", arguments: { path: "pipe" } });
        expect(answer).toMatchObject({ status: 400, body: { error: { code: "not_a_file" } } });
    });

    test(`${calls} reads racing the swap all answer, and the server keeps answering once the FIFO is deleted`, async () => {
        swapper = spawn("perl", ["-e", swapLoop], { cwd: workspace, stdio: "ignore" });
        const outcomes: string[] = [];
        let next = 0;
        await Promise.all(Array.from({ length: 8 }, async () => {
            while (next++ < calls) {
                const answer = await post("/v1/tools/execute", { name: "read_file", arguments: { path: "f.txt" } });
                outcomes.push(answer === "timed out" ? answer : answer.status === 200 ? answer.body.result.content : answer.body.error.code);
            }
        }));
        swapper.kill("SIGKILL");
        fs.rmSync(path.join(workspace, "pipe"), { force: true });
        fs.rmSync(path.join(workspace, "f.txt"), { force: true });
        const counts = Object.fromEntries([...new Set(outcomes)].map((outcome) => [outcome, outcomes.filter((seen) => seen === outcome).length]));
        console.error(`fifo race: ${JSON.stringify(counts)}`);
        expect(outcomes.filter((outcome) => outcome !== "inside" && outcome !== "not_a_file")).toEqual([]);

        expect((await health()).tools).toEqual({ running: 0, stuck: 0 });
        const chat = await server.client.chat.completions.create({ model: "local", messages: [{ role: "user", content: "Hi" }], max_tokens: 4 }, { timeout: 20_000 });
        expect(chat.choices.length).toBeGreaterThan(0);
        const written = await post("/v1/tools/execute", { name: "write_file", arguments: { path: "after.txt", content: "still here" } });
        expect(written).toMatchObject({ status: 200 });
    }, 120_000);
});
