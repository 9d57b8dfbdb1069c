import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { SwarmError } from "../../src/errors.ts";
import { detectSandbox, ToolExecutor } from "../../src/tools/index.ts";

const base = fs.mkdtempSync(path.join(os.tmpdir(), "tool-executor-test-"));
const root = path.join(base, "ws");
let executor: ToolExecutor;

beforeAll(async () => {
    executor = await ToolExecutor.create({
        workspace: root,
        timeoutSeconds: 20,
        policy: { allow: [], deny: ["sudo"] },
        env: { PATH: process.env.PATH, OPENAI_API_KEY: "sk-secret", LOCAL_SWARM_API_KEY: "swarm-secret" }
    });
});

afterAll(() => {
    executor.dispose();
    fs.rmSync(base, { recursive: true, force: true });
});

async function refused(promise: Promise<unknown>, code: string): Promise<string> {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(SwarmError);
    expect((error as SwarmError).code).toBe(code);
    return (error as SwarmError).message;
}

describe("ToolExecutor", () => {
    test("lists four tools with schemas and says what the sandbox enforces", () => {
        const listing = executor.describe();
        expect(listing.tools.map((tool) => tool.name)).toEqual(["read_file", "write_file", "execute_bash", "webfetch"]);
        expect(listing.tools.map((tool) => tool.mutates)).toEqual([false, true, true, false]);
        expect(listing.workspace).toBe(fs.realpathSync(root));
        expect(listing.sandbox.summary.length).toBeGreaterThan(10);
        const bash = listing.tools.find((tool) => tool.name === "execute_bash");
        expect(bash?.description).toContain(listing.sandbox.summary);
    });

    test("checks arguments against the schema before running", async () => {
        expect(await refused(executor.execute("write_file", { path: "a.txt" }), "invalid_tool_arguments")).toContain("arguments.content: required");
        await refused(executor.execute("read_file", "{not json"), "invalid_tool_arguments");
        await refused(executor.execute("execute_bash", { command: "true", timeout_seconds: "soon" }), "invalid_tool_arguments");
        await refused(executor.execute("format_disk", {}), "unknown_tool");
        expect(fs.readdirSync(root)).toEqual([]);
    });

    test("writes and reads files, taking arguments as JSON text too", async () => {
        expect(await executor.execute("write_file", JSON.stringify({ path: "docs/a.txt", content: "alpha" }))).toEqual({ path: "docs/a.txt", bytes: 5, created: true });
        expect(await executor.execute("read_file", { path: "docs/a.txt" })).toMatchObject({ content: "alpha", truncated: false });
        await refused(executor.execute("write_file", { path: "../escape.txt", content: "x" }), "workspace_escape");
        await refused(executor.execute("write_file", { path: ".git/hooks/pre-commit", content: "x" }), "protected_path");
        expect(fs.existsSync(path.join(base, "escape.txt"))).toBe(false);
    });

    test("runs commands in the workspace with secrets scrubbed", async () => {
        const result = await executor.execute("execute_bash", { command: "pwd; echo \"key=${OPENAI_API_KEY:-none} swarm=${LOCAL_SWARM_API_KEY:-none} home=$HOME\"; echo oops >&2; exit 3" });
        const workspace = fs.realpathSync(root);
        expect(result).toMatchObject({
            exit_code: 3,
            stdout: `${workspace}\nkey=none swarm=none home=${workspace}\n`,
            stderr: "oops\n",
            timed_out: false,
            truncated: false
        });
    });

    test("caps output", async () => {
        const result = await executor.execute("execute_bash", { command: "head -c 200000 /dev/zero | tr '\\0' x" });
        expect(result.truncated).toBe(true);
        expect((result.stdout as string).length).toBe(64 * 1024);
    });

    test("kills a command that runs too long, and everything it started, with or without a sandbox", async () => {
        const bare = await ToolExecutor.create({ workspace: root, sandbox: await detectSandbox({ probe: async () => false }) });
        for (const tools of [executor, bare]) {
            const result = await tools.execute("execute_bash", { command: "(sleep 2; touch late.txt) & sleep 60", timeout_seconds: 1 });
            expect(result).toMatchObject({ timed_out: true, exit_code: null, signal: "SIGKILL" });
            expect(result.duration_ms as number).toBeLessThan(30_000);
        }
        await Bun.sleep(3_000);
        expect(fs.existsSync(path.join(root, "late.txt"))).toBe(false);
        bare.dispose();
    }, 60_000);

    test("refuses denied programs without running anything", async () => {
        expect(await refused(executor.execute("execute_bash", { command: "touch ran.txt; sudo id" }), "command_denied")).toContain("sudo");
        expect(fs.existsSync(path.join(root, "ran.txt"))).toBe(false);
    });

    test("blocks the network exactly when it says so", async () => {
        const server = http.createServer((_request, response) => response.end("reached"));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const { port } = server.address() as AddressInfo;
            const result = await executor.execute("execute_bash", { command: `exec 3<>/dev/tcp/127.0.0.1/${port} && echo connected` });
            if (executor.sandbox.network) expect(result).toMatchObject({ stdout: "" });
            else expect(result).toMatchObject({ exit_code: 0, stdout: "connected\n" });
            expect(result.exit_code === 0).toBe(!executor.sandbox.network);
        } finally {
            server.close();
        }
    });

    test("confines command writes exactly when it says so", async () => {
        fs.mkdirSync(path.join(root, ".git", "hooks"), { recursive: true });
        const result = await executor.execute("execute_bash", { command: "echo x > ../outside.txt; echo x > .git/hooks/pre-commit; echo x > inside.txt" });
        expect(fs.existsSync(path.join(root, "inside.txt"))).toBe(true);
        expect(fs.existsSync(path.join(base, "outside.txt"))).toBe(!executor.sandbox.filesystem);
        expect(fs.existsSync(path.join(root, ".git", "hooks", "pre-commit"))).toBe(executor.sandbox.kind === "none");
        if (executor.sandbox.filesystem) expect(result.stderr).toContain("Read-only file system");
    });

    test("webfetch refuses this machine", async () => {
        await refused(executor.execute("webfetch", { url: "http://127.0.0.1:9/" }), "address_refused");
        await refused(executor.execute("webfetch", { url: "http://169.254.169.254/latest/meta-data/" }), "address_refused");
        await refused(executor.execute("webfetch", { url: "http://[::ffff:0:127.0.0.1]:9/" }), "address_refused");
    });

    test("a call whose work never returns is answered at its deadline and counted as stuck", async () => {
        // A name lookup that never settles stands in for any operation wedged in the kernel.
        const wedged = await ToolExecutor.create({ workspace: path.join(base, "wedged"), timeoutSeconds: 1, fetch: { lookup: () => new Promise(() => undefined) } });
        const started = performance.now();
        const running = wedged.execute("webfetch", { url: "http://wedged.example/" });
        await Bun.sleep(100);
        expect(wedged.health()).toEqual({ running: 1, stuck: 0 });
        expect(await refused(running, "deadline_exceeded")).toContain("webfetch did not finish within 6 s");
        expect(performance.now() - started).toBeLessThan(15_000);
        expect(wedged.health()).toEqual({ running: 1, stuck: 1 });
        expect(await wedged.execute("write_file", { path: "still.txt", content: "works" })).toMatchObject({ created: true });
        wedged.dispose();
    }, 30_000);

    test("dispose cancels commands in flight", async () => {
        const other = await ToolExecutor.create({ workspace: path.join(base, "other") });
        const running = other.execute("execute_bash", { command: "sleep 60" });
        await Bun.sleep(300);
        other.dispose();
        await refused(running, "cancelled");
        await refused(other.execute("read_file", { path: "x" }), "cancelled");
    });
});
