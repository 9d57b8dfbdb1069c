import { afterAll, beforeAll, expect, test } from "bun:test";
import OpenAI from "openai";
import { startTestServer, type TestServer } from "./support/testServer.ts";

let server: TestServer;

beforeAll(async () => {
    server = await startTestServer({ apiKey: "s3cret-key", workers: 1 });
});

afterAll(async () => {
    await server.dispose();
});

test("with an API key, routes need it, /health does not", async () => {
    const wrong = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "wrong", maxRetries: 0 });
    const error = await wrong.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const bare = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: "{}" });
    expect(bare.status).toBe(401);
    const body = await bare.json() as { error: { type: string; message: string } };
    expect(body.error.type).toBe("authentication_error");
    expect(body.error.message).not.toContain("s3cret-key");
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const models = await server.client.models.list();
    expect(models.data).toHaveLength(1);
});
