import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sha256File } from "../src/models/index.ts";
import { startModelServer, type ModelServer } from "./support/modelServer.ts";
import { testModelPath } from "./support/testModel.ts";

const root = path.resolve(import.meta.dir, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-serve-ref-"));
let server: ModelServer;

beforeAll(async () => {
    const model = await testModelPath();
    server = await startModelServer(model, await sha256File(model));
});

afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
});

describe("serve --model hf:…", () => {
    test("downloads the model from the configured endpoint, then serves it", async () => {
        const env = { ...process.env, LOCAL_SWARM_HF_ENDPOINT: server.url, LOCAL_SWARM_DATA_DIR: path.join(dir, "data"), LOCAL_SWARM_CONFIG: path.join(dir, "none.json") };
        const child = Bun.spawn(
            [process.execPath, "src/cli/main.ts", "serve", "--model", "hf:ggml-org/tiny-llamas/stories260K.gguf", "--port", "0", "--workers", "2", "--threads", "1", "--context-size", "256"],
            { cwd: root, env, stdout: "pipe", stderr: "pipe" }
        );
        try {
            let log = "";
            const decoder = new TextDecoder();
            const reader = child.stderr.getReader();
            let url: string | undefined;
            while (url == null) {
                const { done, value } = await reader.read();
                if (done) throw new Error(`serve exited early:\n${log}`);
                log += decoder.decode(value);
                url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1];
            }
            expect(log).toContain("downloading hf:ggml-org/tiny-llamas/stories260K.gguf from 127.0.0.1");
            expect(log).toMatch(/model: stories260K\.gguf × 2 workers: [\d.]+ MB of/);
            expect(log).toMatch(/backend: (cpu|cuda|vulkan|metal|auto)/);
            const health = await fetch(`${url}/health`);
            expect(health.status).toBe(200);
            expect(fs.existsSync(path.join(dir, "data", "models", "hf", "ggml-org", "tiny-llamas", "stories260K.gguf"))).toBe(true);
        } finally {
            child.kill("SIGTERM");
            await child.exited;
        }
    });
});
