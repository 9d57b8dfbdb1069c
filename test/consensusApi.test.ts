import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "./support/testServer.ts";

let server: TestServer;

beforeAll(async () => {
    // Five workers with one temperature, so a greedy request gives five equal answers.
    server = await startTestServer({ workers: 5, temperatureSpread: 0 });
});

afterAll(async () => {
    await server.dispose();
});

const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("POST /v1/consensus on the real server", () => {
    test("ranks answers given by the client", async () => {
        const response = await post("/v1/consensus", {
            id: "q7",
            candidates: [{ text: "The answer is \\boxed{12}.", model: "a" }, { text: "12", model: "b" }, { text: "I believe it is 13." }]
        });
        expect(response.status).toBe(200);
        const decision = await response.json() as Record<string, unknown>;
        expect(decision).toMatchObject({ id: "q7", strategy: "answer", answer: "12", used: 3, abstain: false });
        expect(decision.reason).toContain("auto");
    });

    test("the execution strategy is refused while running code is off (the default)", async () => {
        const vote = await post("/v1/consensus", { strategy: "execution", candidates: ["def f(): return 1"], tests: ["assert f() == 1"] });
        expect(vote.status).toBe(403);
        expect(await vote.json()).toMatchObject({ error: { type: "permission_error", code: "execution_disabled", param: "strategy" } });
        const chat = await post("/v1/chat/completions", { messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 4, strategy: "execution" });
        expect(chat.status).toBe(403);
        expect((await chat.json() as { error: { message: string } }).error.message).toContain("--execute-code");
    });

    test("bad input is an OpenAI-style 400", async () => {
        const response = await post("/v1/consensus", { candidates: "twelve" });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", param: "candidates", code: "invalid_consensus_request" } });
    });
});

describe("chat with the consensus extensions", () => {
    test("the swarm object carries the decision; adaptive stopping reports the samples it used", async () => {
        const response = await post("/v1/chat/completions", {
            model: "stories260K",
            messages: [{ role: "user", content: "Once upon a time" }],
            max_tokens: 16,
            temperature: 0,
            seed: 1,
            strategy: "majority",
            adaptive: true
        });
        expect(response.status).toBe(200);
        const { swarm } = await response.json() as { swarm: { strategy: string; reason: string; used: number; answer: string | null; confidence: number } };
        expect(swarm.strategy).toBe("majority");
        expect(swarm.reason).toContain("stopped early");
        expect(swarm.used).toBeGreaterThanOrEqual(4);
        expect(swarm.used).toBeLessThanOrEqual(5);
        expect(swarm.answer).not.toBeNull();
        expect(swarm.confidence).toBe(1);
    });
});
