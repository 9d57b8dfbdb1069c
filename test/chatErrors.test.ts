import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "./support/testServer.ts";

let server: TestServer;

beforeAll(async () => {
    server = await startTestServer({ queueSize: 1 });
});

afterAll(async () => {
    await server.dispose();
});

async function post(body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body
    });
    return { status: response.status, headers: response.headers, body: await response.json() as { error: { message: string; type: string; param: string | null; code: string } } };
}

const valid = { messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 4 };

describe("bad requests get OpenAI errors and the server keeps serving", () => {
    const cases: [string, string, number, string | null][] = [
        ["malformed JSON", "{\"messages\": [", 400, null],
        ["missing messages", JSON.stringify({ model: "x" }), 400, "messages"],
        ["messages not an array", JSON.stringify({ messages: "hi" }), 400, "messages"],
        ["empty messages", JSON.stringify({ messages: [] }), 400, "messages"],
        ["empty content", JSON.stringify({ messages: [{ role: "user", content: "" }] }), 400, "messages.0.content"],
        ["unknown role", JSON.stringify({ messages: [{ role: "wizard", content: "hi" }] }), 400, "messages.0.role"],
        ["no user message", JSON.stringify({ messages: [{ role: "system", content: "be brief" }] }), 400, "messages"],
        ["image part", JSON.stringify({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }] }), 400, "messages.0.content"],
        ["max_tokens wrong type", JSON.stringify({ ...valid, max_tokens: "ten" }), 400, "max_tokens"],
        ["negative max_tokens", JSON.stringify({ ...valid, max_tokens: -5 }), 400, "max_tokens"],
        ["temperature too high", JSON.stringify({ ...valid, temperature: 7 }), 400, "temperature"],
        ["n above the worker count", JSON.stringify({ ...valid, n: 9 }), 400, "n"],
        ["logprobs asked for", JSON.stringify({ ...valid, logprobs: true }), 400, "logprobs"],
        ["top_logprobs asked for", JSON.stringify({ ...valid, top_logprobs: 3 }), 400, "top_logprobs"],
        ["unknown strategy", JSON.stringify({ ...valid, strategy: "coin-flip" }), 400, "strategy"],
        ["json_schema without schema", JSON.stringify({ ...valid, response_format: { type: "json_schema", json_schema: { name: "x" } } }), 400, "response_format"],
        ["unenforceable schema", JSON.stringify({ ...valid, response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object", properties: { a: { type: "frobnicate" } } } } } }), 400, "response_format"]
    ];
    for (const [name, body, status, param] of cases)
        test(name, async () => {
            const response = await post(body);
            expect(response.status).toBe(status);
            expect(response.body.error.type).toBe("invalid_request_error");
            expect(response.body.error.message.length).toBeGreaterThan(5);
            if (param != null) expect(response.body.error.param?.startsWith(param)).toBe(true);
        });

    test("a prompt longer than the context is refused before any work", async () => {
        const response = await post(JSON.stringify({ messages: [{ role: "user", content: "Once upon a time ".repeat(400) }] }));
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe("context_length_exceeded");
    });

    test("unknown route is a 404 in OpenAI form", async () => {
        const response = await fetch(`${server.url}/v1/nothing-here`);
        expect(response.status).toBe(404);
        expect((await response.json() as { error: { type: string } }).error.type).toBe("not_found_error");
    });

    test("the server still answers after all of that", async () => {
        const response = await post(JSON.stringify(valid));
        expect(response.status).toBe(200);
    });
});

describe("overload", () => {
    test("past the queue a request gets 429 with Retry-After, fast", async () => {
        const controller = new AbortController();
        const long = JSON.stringify({ messages: valid.messages, max_tokens: 900 });
        const send = () => fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: long, signal: controller.signal }).catch(() => undefined);
        const running = send();
        await Bun.sleep(50);
        const queued = send();
        await Bun.sleep(50);
        const started = performance.now();
        const rejected = await post(long);
        const elapsed = performance.now() - started;
        expect(rejected.status).toBe(429);
        expect(rejected.body.error.type).toBe("rate_limit_error");
        expect(Number(rejected.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(elapsed).toBeLessThan(1000);
        const health = await (await fetch(`${server.url}/health`)).json() as { queue: { waiting: number } };
        expect(health.queue.waiting).toBe(1);
        controller.abort();
        await Promise.all([running, queued]);
    });
});
