import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ollama } from "ollama";
import { sha256File } from "../src/models/index.ts";
import { startModelServer, type ModelServer } from "./support/modelServer.ts";
import { tinyStoriesEntry } from "./support/tinyCatalog.ts";
import { testModelPath } from "./support/testModel.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-ollama-pull-"));
const catalogFile = path.join(dir, "catalog.json");
const apiKey = "pull-test-key";
const modelsDir = path.join(dir, "data", "models");
const stored = "hf/ggml-org/tiny-llamas/stories260K.gguf";
let models: ModelServer;
let server: TestServer;
let ollama: Ollama;

beforeAll(async () => {
    const model = await testModelPath();
    models = await startModelServer(model, await sha256File(model));
    fs.writeFileSync(catalogFile, JSON.stringify({
        models: [tinyStoriesEntry]
    }));
    const paths = { dataDir: path.join(dir, "data"), cacheDir: path.join(dir, "cache"), configFile: path.join(dir, "config.json") };
    server = await startTestServer({ apiKey, hfEndpoint: models.url, catalog: catalogFile }, paths);
    ollama = new Ollama({ host: server.url, headers: { authorization: `Bearer ${apiKey}` } });
});

afterAll(async () => {
    await server.dispose();
    await models.close();
    fs.rmSync(dir, { recursive: true, force: true });
});

const names = async () => (await ollama.list()).models.map((model) => model.name);

describe("Ollama's /api/pull and /api/delete through the official ollama client", () => {
    test("pull, streamed: the manifest, progress up to the whole file, then success; list shows it", async () => {
        const parts = [];
        for await (const part of await ollama.pull({ model: "tiny-stories", stream: true })) parts.push(part);
        expect(parts[0]!.status).toBe("pulling manifest");
        const progress = parts.filter((part) => part.status.startsWith("downloading"));
        expect(progress.length).toBeGreaterThan(0);
        const size = fs.statSync(path.join(modelsDir, ...stored.split("/"))).size;
        expect(progress.at(-1)!.completed).toBe(size);
        expect(progress.at(-1)!.total).toBe(size);
        expect(progress.at(-1)!.digest).toBe("Tiny Stories 260K Q8_0");
        expect(parts.at(-1)!.status).toBe("success");
        expect(await names()).toContain(stored);
        expect(fs.readdirSync(path.join(modelsDir, "hf", "ggml-org", "tiny-llamas"))).toEqual(["stories260K.gguf"]);
    });

    test("delete by the name list gives removes it; pull, not streamed, by hf: reference brings it back", async () => {
        await ollama.delete({ model: stored });
        expect(await names()).not.toContain(stored);
        expect((await ollama.pull({ model: "hf:ggml-org/tiny-llamas/stories260K.gguf" })).status).toBe("success");
        expect(await names()).toContain(stored);
        await ollama.delete({ model: "hf:ggml-org/tiny-llamas/stories260K.gguf" });
        expect(await names()).toEqual(["stories260K"]);
    });

    test("deleting the served model is refused; an unknown model is 404 in Ollama's shape", async () => {
        expect(ollama.delete({ model: "stories260K" })).rejects.toThrow("is the one this server is serving");
        const unknown = await fetch(`${server.url}/api/delete`, { method: "DELETE", headers: { authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ name: "no-such-model" }) });
        expect(unknown.status).toBe(404);
        expect(await unknown.json()).toEqual({ error: "model 'no-such-model' not found" });
        const pull = await fetch(`${server.url}/api/pull`, { method: "POST", headers: { authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ model: "hf:ggml-org/no-such-repo/missing.gguf" }) });
        expect(pull.status).toBe(200);
        const lines = (await pull.text()).trim().split("\n").map((line) => JSON.parse(line) as { status?: string; error?: string });
        expect(lines.at(-1)!.error).toContain("404");
        expect(fs.existsSync(path.join(modelsDir, "hf", "ggml-org", "no-such-repo"))).toBe(false);
        const bad = await fetch(`${server.url}/api/pull`, { method: "POST", headers: { authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ model: "not-in-the-catalog", stream: false }) });
        expect(bad.status).toBe(400);
        expect(Object.keys(await bad.json() as object)).toEqual(["error"]);
    });

    test("without the API key: 401, nothing downloaded or deleted", async () => {
        const bare = new Ollama({ host: server.url });
        expect(bare.pull({ model: "tiny-stories" })).rejects.toThrow("API key");
        expect(bare.delete({ model: "stories260K" })).rejects.toThrow("API key");
        const response = await fetch(`${server.url}/api/pull`, { method: "POST", body: JSON.stringify({ model: "tiny-stories" }) });
        expect(response.status).toBe(401);
        expect(fs.existsSync(path.join(modelsDir, ...stored.split("/")))).toBe(false);
    });
});
