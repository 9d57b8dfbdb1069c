import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "../support/testServer.ts";

let server: TestServer;

beforeAll(async () => {
    server = await startTestServer({ workers: 2, executeCode: true });
});

afterAll(async () => {
    await server.dispose();
});

const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the execution strategy on the real server (--execute-code)", () => {
    test("POST /v1/consensus runs the candidates against the tests and shows the pass matrix", async () => {
        const response = await post("/v1/consensus", {
            id: "code",
            strategy: "execution",
            candidates: [
                "```ts\nfunction clamp(x: number, lo: number, hi: number): number { return Math.min(hi, Math.max(lo, x)); }\n```",
                "```ts\nfunction clamp(x: number, lo: number, hi: number): number { return Math.max(hi, Math.min(lo, x)); }\n```",
                "```ts\nfunction clamp(x: number, lo: number, hi: number): number { while (true) {} }\n```"
            ],
            tests: ["assert(clamp(5, 0, 3) === 3)", "assert(clamp(-1, 0, 3) === 0)", "assert(clamp(2, 0, 3) === 2)"]
        });
        expect(response.status).toBe(200);
        const decision = await response.json() as Record<string, unknown>;
        expect(decision).toMatchObject({ id: "code", strategy: "execution", winner: 0, execution: { language: "typescript", tests: 3, passes: [3, 1, 0], group: [0], groupTests: 3 } });
    }, 30_000);

    test("chat takes swarm.tests and swarm.language; answers that are not code fall back to similarity and say so", async () => {
        const response = await post("/v1/chat/completions", {
            messages: [{ role: "user", content: "Once upon a time" }],
            max_tokens: 12,
            strategy: "execution",
            swarm: { tests: ["assert story() == 1"], language: "python" }
        });
        expect(response.status).toBe(200);
        const { swarm } = await response.json() as { swarm: { strategy: string; reason: string } };
        expect(swarm.strategy).toBe("similarity");
        expect(swarm.reason).toBe("execution requested; no candidate passed any of 1 tests, fell back to similarity");
    }, 30_000);

    test("completions take swarm.tests too: each program is the prompt followed by the completion", async () => {
        const response = await post("/v1/completions", { prompt: "def add(a, b):\n", max_tokens: 8, strategy: "execution", swarm: { tests: ["assert add(1, 2) == 3"] } });
        expect(response.status).toBe(200);
        const { swarm } = await response.json() as { swarm: { strategy: string; reason: string } };
        // The test model writes stories, not code: nothing passes, and the vote says so.
        expect(swarm.reason).toBe("execution requested; no candidate passed any of 1 tests, fell back to similarity");
    }, 30_000);

    test("tests must be strings", async () => {
        const chat = await post("/v1/chat/completions", { messages: [{ role: "user", content: "hi" }], swarm: { tests: [1] } });
        expect(chat.status).toBe(400);
        const vote = await post("/v1/consensus", { candidates: ["x"], tests: "assert x" });
        expect(vote.status).toBe(400);
        expect(await vote.json()).toMatchObject({ error: { param: "tests", code: "invalid_consensus_request" } });
    });
});
