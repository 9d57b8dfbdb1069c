import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Ollama } from "ollama";
import { startTestServer, type TestServer } from "./support/testServer.ts";

let server: TestServer;
let ollama: Ollama;
const model = "stories260K";

beforeAll(async () => {
    server = await startTestServer();
    ollama = new Ollama({ host: server.url });
});

afterAll(async () => {
    await server.dispose();
});

interface SwarmExtension {
    readonly winner: string;
    readonly candidates: readonly { readonly worker: string; readonly text: string; readonly tokens: number }[];
}

function winnerText(reply: unknown): string {
    const swarm = (reply as { swarm: SwarmExtension }).swarm;
    return swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!.text;
}

describe("Ollama's API through the official ollama client", () => {
    test("chat, not streamed: the voted answer with Ollama's counters and the swarm's extension", async () => {
        const reply = await ollama.chat({ model, messages: [{ role: "user", content: "Once upon a time" }], options: { num_predict: 12, seed: 3, temperature: 0.6, top_p: 0.9 } });
        expect(reply.done).toBe(true);
        expect(reply.done_reason).toBe("length");
        expect(reply.message.role).toBe("assistant");
        expect(reply.message.content.length).toBeGreaterThan(0);
        expect(reply.message.content).toBe(winnerText(reply));
        expect(reply.eval_count).toBe(12);
        expect(reply.prompt_eval_count).toBeGreaterThan(0);
        expect(reply.total_duration).toBeGreaterThan(0);
        expect(reply.model).toBe(model);
    });

    test("chat, streamed: NDJSON pieces that add up to the voted answer, then done", async () => {
        const stream = await ollama.chat({ model: `${model}:latest`, messages: [{ role: "user", content: "Once upon a time" }], stream: true, options: { num_predict: 12, seed: 5 } });
        const parts = [];
        for await (const part of stream) parts.push(part);
        const last = parts.at(-1)!;
        expect(last.done).toBe(true);
        expect(parts.slice(0, -1).every((part) => !part.done)).toBe(true);
        expect(parts.map((part) => part.message.content).join("")).toBe(winnerText(last));
        expect(last.eval_count).toBe(12);
    });

    test("the raw NDJSON is one JSON object a line, as Ollama sends it", async () => {
        const response = await fetch(`${server.url}/api/generate`, { method: "POST", body: JSON.stringify({ model, prompt: "Once upon a time", options: { num_predict: 6 } }) });
        expect(response.headers.get("content-type")).toBe("application/x-ndjson");
        const lines = (await response.text()).split("\n");
        expect(lines.at(-1)).toBe("");
        const objects = lines.slice(0, -1).map((line) => JSON.parse(line) as { done: boolean; response: string });
        expect(objects.at(-1)!.done).toBe(true);
    });

    test("generate: templated, raw, seeded, stop; an empty prompt only loads", async () => {
        const ask = (raw: boolean) => ollama.generate({ model, prompt: "Once upon a time", raw, options: { num_predict: 10, seed: 8, stop: ["."] } });
        const templated = await ask(false);
        expect(templated.done).toBe(true);
        expect(templated.response).toBe(winnerText(templated));
        expect(templated.response).not.toContain(".");
        const raw = await ask(true);
        expect(raw.response!.length).toBeGreaterThan(0);
        expect((await ask(true)).response).toBe(raw.response);
        const streamed = await ollama.generate({ model, prompt: "The little dog", stream: true, options: { num_predict: 8 } });
        let text = "";
        for await (const part of streamed) text += part.response;
        expect(text.length).toBeGreaterThan(0);
        const loaded = await ollama.generate({ model, prompt: "" });
        expect(loaded.done_reason).toBe("load");
    });

    test("format json: the answer is JSON", async () => {
        const reply = await ollama.generate({ model, prompt: "Once upon a time", format: "json", options: { num_predict: 24 } });
        const text = reply.response ?? "";
        if (reply.done_reason === "stop") expect(() => JSON.parse(text)).not.toThrow();
        else expect(/^\s*[[{"\d-tfn]/.test(text)).toBe(true);
    });

    test("list, show, ps and version describe the served model truthfully", async () => {
        const { models } = await ollama.list();
        expect(models).toHaveLength(1);
        const [entry] = models;
        expect(entry!.name).toBe(model);
        expect(entry!.size).toBe(Bun.file(server.settings.model!).size);
        expect(entry!.digest).toBe(new Bun.CryptoHasher("sha256").update(await Bun.file(server.settings.model!).arrayBuffer()).digest("hex"));
        expect(entry!.details.format).toBe("gguf");
        expect(entry!.details.family).toBe("llama");

        const shown = await ollama.show({ model });
        expect(shown.template).toBe("");
        expect((shown.model_info as unknown as Record<string, unknown>)["llama.context_length"]).toBeGreaterThan(0);
        expect(shown.capabilities).toContain("completion");

        const running = await ollama.ps();
        expect(running.models[0]!.name).toBe(model);
        expect(running.models[0]!.size_vram).toBe(0);

        expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+/);
    });

    test("embed: one normalised vector per input", async () => {
        const { embeddings } = await ollama.embed({ model, input: ["Once upon a time", "The little dog"] });
        expect(embeddings).toHaveLength(2);
        for (const vector of embeddings) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    });
});

describe("bad Ollama requests get Ollama's error shape", () => {
    const cases: [string, string, Record<string, unknown>, number, RegExp][] = [
        ["an unknown model", "/api/chat", { model: "llama3", messages: [{ role: "user", content: "hi" }] }, 404, /not found/],
        ["images", "/api/chat", { model, messages: [{ role: "user", content: "hi", images: ["aGk="] }] }, 400, /images/],
        ["tools", "/api/chat", { model, messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "f" } }] }, 400, /tools/],
        ["num_ctx over the context", "/api/generate", { model, prompt: "hi", options: { num_ctx: 1_000_000 } }, 400, /num_ctx/],
        ["an unenforceable schema", "/api/generate", { model, prompt: "hi", format: { type: "object", properties: "nope" } }, 400, /format/],
        ["a template", "/api/generate", { model, prompt: "hi", template: "{{ .Prompt }}" }, 400, /template/],
        ["no model", "/api/generate", { prompt: "hi" }, 400, /model/],
        ["an unknown show", "/api/show", { model: "nope" }, 404, /not found/],
        ["an embed of nothing", "/api/embed", { model, input: "" }, 400, /empty/],
        ["a suffix the model cannot fill", "/api/generate", { model, prompt: "def f(", suffix: "return 1", stream: false }, 400, /suffix/]
    ];
    for (const [name, path, body, status, message] of cases)
        test(name, async () => {
            const response = await fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
            expect(response.status).toBe(status);
            const error = (await response.json()) as { error: unknown };
            expect(typeof error.error).toBe("string");
            expect(error.error as string).toMatch(message);
        });

    test("the client surfaces them as ResponseError with the server's message", async () => {
        const error = await ollama.chat({ model: "llama3", messages: [{ role: "user", content: "hi" }] }).then(() => undefined, (caught: unknown) => caught);
        expect((error as { status_code: number }).status_code).toBe(404);
        expect((error as Error).message).toContain("llama3");
    });

    test("invalid JSON and unknown /api routes too", async () => {
        const bad = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
        expect(bad.status).toBe(400);
        expect(typeof ((await bad.json()) as { error: unknown }).error).toBe("string");
        const missing = await fetch(`${server.url}/api/nothing`);
        expect(missing.status).toBe(404);
        expect(typeof ((await missing.json()) as { error: unknown }).error).toBe("string");
    });
});

test("--ollama-port serves the same API on Ollama's port, behind the same key", async () => {
    const probe = Bun.serve({ port: 0, fetch: () => new Response() });
    const port = probe.port!;
    await probe.stop();
    const both = await startTestServer({ ollamaPort: port, apiKey: "k", workers: 1 });
    try {
        const client = new Ollama({ host: `http://127.0.0.1:${port}`, headers: { authorization: "Bearer k" } });
        expect((await client.list()).models[0]!.name).toBe(model);
        const reply = await client.generate({ model, prompt: "Once", options: { num_predict: 4 } });
        expect(reply.done).toBe(true);
        const refused = await fetch(`http://127.0.0.1:${port}/api/tags`);
        expect(refused.status).toBe(401);
        expect(typeof ((await refused.json()) as { error: unknown }).error).toBe("string");
    } finally {
        await both.dispose();
    }
});

test("the OpenAPI document describes every new route with its request schema", async () => {
    const document = (await (await fetch(`${server.url}/openapi/json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    for (const [path, method] of [["/v1/completions", "post"], ["/v1/embeddings", "post"], ["/api/chat", "post"], ["/api/generate", "post"], ["/api/show", "post"], ["/api/embed", "post"]] as const)
        expect(document.paths[path]?.[method]?.requestBody).toBeDefined();
    for (const path of ["/api/tags", "/api/ps", "/api/version", "/metrics"]) expect(document.paths[path]?.get).toBeDefined();
});
