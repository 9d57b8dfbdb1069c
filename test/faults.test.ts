import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnServer } from "../scripts/load/spawnServer.ts";
import { sha256File } from "../src/models/index.ts";
import { startModelServer, type ModelServer } from "./support/modelServer.ts";
import { testModelPath } from "./support/testModel.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

type Health = { workers: { busy: number; idle: number }; queue: { waiting: number } };

async function health(url: string): Promise<Health> {
    return await (await fetch(`${url}/health`)).json() as Health;
}

/** Polls /health until `done` holds; resolves with the milliseconds it took (fails past `limitMs`). */
async function waitFor(url: string, done: (health: Health) => boolean, limitMs: number): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < limitMs) {
        if (done(await health(url))) return performance.now() - started;
        await Bun.sleep(5);
    }
    throw new Error(`/health did not reach the expected state within ${limitMs} ms: ${JSON.stringify(await health(url))}`);
}

function post(url: string, body: unknown, signal?: AbortSignal) {
    return fetch(`${url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...(signal != null ? { signal } : {}) });
}

const story = [{ role: "user", content: "Once upon a time" }];

describe("client disconnects free what they held", () => {
    let server: TestServer;

    beforeAll(async () => {
        server = await startTestServer({ contextSize: 2048, queueSize: 2 });
    });

    afterAll(async () => {
        await server.dispose();
    });

    test("a client that leaves while queued leaves the queue at once, and the running request is unaffected", async () => {
        const running = post(server.url, { messages: story, max_tokens: 300 });
        await waitFor(server.url, (h) => h.workers.busy === 3, 5000);
        const controller = new AbortController();
        const queued = post(server.url, { messages: story, max_tokens: 300, stream: true }, controller.signal).then((response) => response.body?.getReader().read()).catch(() => undefined);
        await waitFor(server.url, (h) => h.queue.waiting === 1, 5000);
        controller.abort();
        const leftMs = await waitFor(server.url, (h) => h.queue.waiting === 0, 2000);
        console.log(`queued disconnect: queue empty after ${leftMs.toFixed(0)} ms`);
        await queued;
        expect((await running).status).toBe(200);
        await waitFor(server.url, (h) => h.workers.busy === 0, 5000);
    });

    test("a client that leaves during prompt processing frees every worker", async () => {
        // About 1,700 prompt tokens for each of the three sequences: the disconnect lands while they are evaluated.
        const long = [{ role: "user", content: "Once upon a time there was a little girl. ".repeat(160) }];
        const controller = new AbortController();
        const pending = post(server.url, { messages: long, max_tokens: 200 }, controller.signal).catch(() => undefined);
        await waitFor(server.url, (h) => h.workers.busy > 0, 5000);
        controller.abort();
        const freedMs = await waitFor(server.url, (h) => h.workers.busy === 0 && h.queue.waiting === 0, 2000);
        console.log(`disconnect during prompt processing: workers free after ${freedMs.toFixed(0)} ms`);
        await pending;
        const next = await post(server.url, { messages: story, max_tokens: 4 });
        expect(next.status).toBe(200);
    });
});

describe("the real CLI under faults", () => {
    test("SIGTERM under load: running and queued requests finish within the grace or end cleanly, and the process exits 0", async () => {
        const model = await testModelPath();
        const server = spawnServer(["--model", model, "--workers", "3", "--threads", "1", "--queue-size", "4", "--context-size", "1024", "--shutdown-grace", "2"]);
        try {
            const url = await server.listening;
            const clients = Array.from({ length: 6 }, async () => {
                try {
                    const response = await post(url, { messages: story, max_tokens: 800, stream: true });
                    return `${response.status} ${(await response.text()).includes("data: [DONE]") ? "ended" : "cut"}`;
                } catch (error) {
                    return `network error: ${(error as Error).message}`;
                }
            });
            await waitFor(url, (h) => h.workers.busy === 3 && h.queue.waiting >= 3, 10_000);
            const { code, ms } = await server.stop();
            const outcomes = await Promise.all(clients);
            console.log(`SIGTERM under load: exit ${code} after ${ms} ms; clients: ${outcomes.join(", ")}`);
            expect(code).toBe(0);
            expect(ms).toBeLessThan(10_000);
            // Each client got an answer: a finished stream, one ended with [DONE] carrying the shutdown
            // error once the grace ran out, or a refusal. The request running at SIGTERM was drained.
            for (const outcome of outcomes) expect(outcome).toMatch(/^(200 ended|429 ended|503 ended|429 cut|503 cut)$/);
            expect(outcomes.filter((outcome) => outcome === "200 ended").length).toBeGreaterThanOrEqual(1);
            expect(server.log()).toContain("SIGTERM: shutting down");
        } finally {
            server.kill();
        }
    }, 60_000);

    describe("kill -9 during a model download", () => {
        let files: ModelServer;
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-kill-"));
        const env = { LOCAL_SWARM_DATA_DIR: dataDir, LOCAL_SWARM_CONFIG: path.join(dataDir, "absent.json") };

        beforeAll(async () => {
            const model = await testModelPath();
            files = await startModelServer(model, await sha256File(model));
        });

        afterAll(async () => {
            await files.close();
            fs.rmSync(dataDir, { recursive: true, force: true });
        });

        test("leaves only a .partial, never a model; the restart resumes it, verifies it and serves", async () => {
            const stored = path.join(dataDir, "models", "url", "127.0.0.1", "stories260K.gguf");
            // The /stall/ route sends the headers and 10 bytes, then nothing: the download is in flight.
            const first = spawnServer(["--model", `${files.url}/stall/stories260K.gguf`, "--workers", "1", "--threads", "1"], env);
            const firstResult = first.listening.then(() => "listening", (error: unknown) => `exited: ${(error as Error).message}`);
            const started = performance.now();
            while (!(fs.existsSync(`${stored}.partial`) && fs.statSync(`${stored}.partial`).size >= 10)) {
                if (performance.now() - started > 20_000) {
                    first.kill();
                    throw new Error(`no partial download appeared: ${first.log()}`);
                }
                await Bun.sleep(20);
            }
            first.kill();
            expect(await firstResult).toStartWith("exited");
            expect(fs.existsSync(stored)).toBe(false);
            expect(fs.statSync(`${stored}.partial`).size).toBe(10);

            const second = spawnServer(["--model", `${files.url}/files/stories260K.gguf`, "--workers", "1", "--threads", "1"], env);
            try {
                const url = await second.listening;
                expect(files.requests.at(-1)).toMatchObject({ path: "/files/stories260K.gguf", range: "bytes=10-" });
                expect(fs.existsSync(`${stored}.partial`)).toBe(false);
                expect(await sha256File(stored)).toBe(await sha256File(await testModelPath()));
                const reply = await post(url, { messages: story, max_tokens: 4 });
                expect(reply.status).toBe(200);
                expect((await second.stop()).code).toBe(0);
            } finally {
                second.kill();
            }
        }, 60_000);
    });
});
