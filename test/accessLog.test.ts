import { expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { freePort, startAndTimeHealth } from "../scripts/timeToHealth.ts";
import { testModelPath } from "./support/testModel.ts";

/** `serve` as a user starts it for a log shipper: one JSON line per request, the generation's facts, never the prompt or the key. */
test("--log-format json: one access-log object per request, with tokens, winner and agreement for a chat completion", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-access-log-"));
    const apiKey = "access-log-test-key";
    const server = await startAndTimeHealth({
        command: [process.execPath, path.resolve(import.meta.dir, "..", "src", "cli", "main.ts")],
        serveArgs: ["--model", await testModelPath(), "--workers", "2", "--threads", "1", "--no-federation", "--log-format", "json", "--api-key", apiKey],
        port: freePort(),
        env: { PATH: process.env.PATH ?? "", HOME: home, LOCAL_SWARM_CONFIG: path.join(home, "none.json") }
    });
    try {
        const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });
        await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "The secret prompt text" }], max_tokens: 8 });
        expect((await fetch(`${server.url}/v1/models`)).status).toBe(401);
    } finally {
        expect(await server.stop()).toBe(0);
        fs.rmSync(home, { recursive: true, force: true });
    }
    const lines = server.log().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.every((line) => typeof line.time === "string" && typeof line.level === "string" && typeof line.message === "string")).toBe(true);
    const requests = lines.filter((line) => line.method != null && line.path !== "/health");
    expect(requests).toEqual([
        expect.objectContaining({ level: "info", message: "request", method: "POST", path: "/v1/chat/completions", status: 200,
            ms: expect.any(Number), tokens: expect.any(Number), winner: expect.stringMatching(/^w\d$/), agreement: expect.any(Number) }),
        expect.objectContaining({ message: "request", method: "GET", path: "/v1/models", status: 401 })
    ]);
    expect(server.log()).not.toContain("secret prompt");
    expect(server.log()).not.toContain(apiKey);
}, 60_000);
