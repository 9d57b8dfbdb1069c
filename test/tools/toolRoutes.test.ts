import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "../support/testServer.ts";

/** The real server with tools enabled in a temporary workspace, and an API key. */
const base = fs.mkdtempSync(path.join(os.tmpdir(), "tool-routes-test-"));
const workspace = path.join(base, "ws");
const apiKey = "test-key";
let server: TestServer;

beforeAll(async () => {
    server = await startTestServer({ tools: true, workspace, apiKey, toolTimeout: 5 });
});

afterAll(async () => {
    await server.dispose();
    fs.rmSync(base, { recursive: true, force: true });
});

async function call(method: string, route: string, body?: unknown, key: string | null = apiKey): Promise<{ status: number; body: any }> {
    const response = await fetch(`${server.url}${route}`, {
        method,
        headers: { "content-type": "application/json", ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
        body: body == null ? undefined : JSON.stringify(body)
    });
    return { status: response.status, body: await response.json() };
}

const execute = (name: string, args: unknown) => call("POST", "/v1/tools/execute", { name, arguments: args });

describe("tool routes", () => {
    test("GET /v1/tools lists the schemas and what the sandbox enforces", async () => {
        const { status, body } = await call("GET", "/v1/tools");
        expect(status).toBe(200);
        expect(body.object).toBe("list");
        expect(body.workspace).toBe(fs.realpathSync(workspace));
        expect(body.data.map((tool: { function: { name: string } }) => tool.function.name)).toEqual(["read_file", "write_file", "execute_bash", "webfetch"]);
        expect(body.data[0].function.parameters.required).toEqual(["path"]);
        expect(typeof body.sandbox.network_isolated).toBe("boolean");
        expect(body.sandbox.summary.length).toBeGreaterThan(0);
    });

    test("the API key is required", async () => {
        expect((await call("GET", "/v1/tools", undefined, null)).status).toBe(401);
        expect((await call("POST", "/v1/tools/execute", { name: "read_file", arguments: { path: "a" } }, "wrong")).status).toBe(401);
    });

    test("writes, reads and runs in the workspace", async () => {
        expect((await execute("write_file", { path: "notes/a.txt", content: "hello" })).body).toEqual({
            object: "tool.result", name: "write_file", result: { path: "notes/a.txt", bytes: 5, created: true }
        });
        expect((await execute("read_file", '{"path":"notes/a.txt"}')).body.result.content).toBe("hello");
        const ran = await execute("execute_bash", { command: "cat notes/a.txt; echo $PWD" });
        expect(ran.body.result).toMatchObject({ exit_code: 0, stdout: `hello${fs.realpathSync(workspace)}\n`, timed_out: false });
    });

    test("escapes are refused with an OpenAI error and nothing is written", async () => {
        const escape = await execute("write_file", { path: "../outside.txt", content: "x" });
        expect(escape.status).toBe(403);
        expect(escape.body.error).toMatchObject({ type: "permission_error", code: "workspace_escape" });
        expect(fs.existsSync(path.join(base, "outside.txt"))).toBe(false);
        expect((await execute("write_file", { path: ".git/hooks/pre-commit", content: "x" })).body.error.code).toBe("protected_path");
        expect((await execute("read_file", { path: "/etc/passwd" })).status).toBe(403);
    });

    test("a fetch to this machine is refused", async () => {
        const fetched = await execute("webfetch", { url: `${server.url}/health` });
        expect(fetched.status).toBe(403);
        expect(fetched.body.error.code).toBe("address_refused");
    });

    test("bad calls are 400 or 404", async () => {
        expect((await execute("write_file", { path: "a.txt" })).body.error).toMatchObject({ code: "invalid_tool_arguments", param: "arguments" });
        expect((await execute("format_disk", {})).status).toBe(404);
        expect((await call("POST", "/v1/tools/execute", { arguments: {} })).status).toBe(400);
    });

    test("a command that runs too long is killed", async () => {
        const ran = await execute("execute_bash", { command: "sleep 30", timeout_seconds: 1 });
        expect(ran.body.result).toMatchObject({ timed_out: true, exit_code: null });
    });
});
