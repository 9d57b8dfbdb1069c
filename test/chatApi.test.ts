import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestServer, waitForIdle, type TestServer } from "./support/testServer.ts";

let server: TestServer;

beforeAll(async () => {
    server = await startTestServer();
});

afterAll(async () => {
    await server.dispose();
});

const prompt = [{ role: "user" as const, content: "Once upon a time" }];

describe("chat completions through the openai client", () => {
    test("non-streaming: every worker answers, the vote is reported, usage counts real tokens", async () => {
        const completion = await server.client.chat.completions.create({ model: "stories260K", messages: prompt, max_tokens: 24, seed: 7 });
        expect(completion.object).toBe("chat.completion");
        expect(completion.choices).toHaveLength(1);
        const text = completion.choices[0]!.message.content!;
        expect(text.length).toBeGreaterThan(0);
        expect(completion.choices[0]!.finish_reason).toBe("length");
        const swarm = (completion as unknown as { swarm: { winner: string; strategy: string; agreement: number; candidates: { worker: string; text: string; tokens: number; score: number }[]; total_tokens: number } }).swarm;
        expect(swarm.candidates).toHaveLength(3);
        expect(swarm.candidates.map((candidate) => candidate.worker)).toEqual(["w0", "w1", "w2"]);
        const winner = swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!;
        expect(winner.text).toBe(text);
        expect(completion.usage!.completion_tokens).toBe(winner.tokens);
        expect(completion.usage!.completion_tokens).toBe(24);
        expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
        expect(swarm.total_tokens).toBeGreaterThanOrEqual(3 * 24);
        expect(swarm.agreement).toBeGreaterThan(0);
    });

    test("a seeded request is reproducible", async () => {
        const ask = () => server.client.chat.completions.create({ model: "x", messages: prompt, max_tokens: 16, seed: 42 });
        const [first, second] = [await ask(), await ask()];
        expect(second.choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    });

    test("streaming: role first, one id, reassembled text equals the voted text, usage when asked", async () => {
        const stream = await server.client.chat.completions.create({
            model: "stories260K",
            messages: prompt,
            max_tokens: 24,
            seed: 3,
            stream: true,
            stream_options: { include_usage: true }
        });
        const chunks = [];
        for await (const chunk of stream) chunks.push(chunk);
        expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
        expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
        const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
        const final = chunks.findLast((chunk) => chunk.choices[0]?.finish_reason != null)!;
        expect(final.choices[0]!.finish_reason).toBe("length");
        const swarm = (final as unknown as { swarm: { winner: string; candidates: { worker: string; text: string }[] } }).swarm;
        expect(text).toBe(swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!.text);
        const usage = chunks.at(-1)!;
        expect(usage.choices).toHaveLength(0);
        expect(usage.usage!.completion_tokens).toBe(24);
    });

    test("streaming: SSE comments keep the connection alive while the workers vote", async () => {
        const response = await fetch(`${server.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ messages: prompt, max_tokens: 16, stream: true })
        });
        expect(response.headers.get("content-type")).toContain("text/event-stream");
        const body = await response.text();
        expect(body.startsWith(": ")).toBe(true);
        expect(body.indexOf(": ")).toBeLessThan(body.indexOf("data: "));
        expect(body.trimEnd().endsWith("data: [DONE]")).toBe(true);
    });

    test("n=2 returns the two best distinct candidates", async () => {
        const completion = await server.client.chat.completions.create({ model: "x", messages: prompt, max_tokens: 16, n: 2, seed: 11 });
        expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1]);
        expect(completion.choices[0]!.message.content).not.toBe(completion.choices[1]!.message.content);
    });

    test("json_schema with a const is enforced by grammar", async () => {
        const completion = await server.client.chat.completions.create({
            model: "x",
            messages: [{ role: "user", content: "What is six times seven?" }],
            max_tokens: 16,
            response_format: { type: "json_schema", json_schema: { name: "answer", schema: { const: "42" } } }
        });
        expect(completion.choices[0]!.message.content).toBe("\"42\"");
    });

    test("json_object constrains the answer to JSON", async () => {
        const completion = await server.client.chat.completions.create({
            model: "x",
            messages: [{ role: "user", content: "Give me a JSON object" }],
            max_tokens: 24,
            response_format: { type: "json_object" }
        });
        // A story model rarely closes its JSON within a few tokens; the grammar still makes it start as an object.
        expect(completion.choices[0]!.message.content!.trimStart().startsWith("{")).toBe(true);
    });

    test("models and health", async () => {
        const models = await server.client.models.list();
        expect(models.data.map((model) => model.id)).toEqual(["stories260K"]);
        const health = await (await fetch(`${server.url}/health`)).json() as Record<string, unknown>;
        expect(health).toMatchObject({ status: "ok", model: "stories260K", workers: { total: 3, busy: 0, idle: 3 } });
        const docs = await fetch(`${server.url}/openapi/json`);
        expect(docs.status).toBe(200);
        expect(JSON.stringify(await docs.json())).toContain("/v1/chat/completions");
    });
});

describe("disconnects free the workers", () => {
    test("a client that drops a stream mid-vote stops every worker at once", async () => {
        const controller = new AbortController();
        const response = await fetch(`${server.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ messages: prompt, max_tokens: 900, stream: true }),
            signal: controller.signal
        });
        const reader = response.body!.getReader();
        await reader.read();
        await Bun.sleep(100);
        const before = await (await fetch(`${server.url}/health`)).json() as { workers: { busy: number } };
        expect(before.workers.busy).toBe(3);
        controller.abort();
        const freedMs = await waitForIdle(server, 2000);
        console.log(`stream disconnect: workers free after ${freedMs.toFixed(0)} ms`);
        const next = await server.client.chat.completions.create({ model: "x", messages: prompt, max_tokens: 8 });
        expect(next.usage!.completion_tokens).toBe(8);
    });

    test("a client that drops a plain request stops every worker too", async () => {
        const controller = new AbortController();
        const pending = fetch(`${server.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ messages: prompt, max_tokens: 900 }),
            signal: controller.signal
        }).catch((error: unknown) => error);
        await Bun.sleep(150);
        controller.abort();
        await pending;
        const freedMs = await waitForIdle(server, 2000);
        console.log(`plain disconnect: workers free after ${freedMs.toFixed(0)} ms`);
    });
});
