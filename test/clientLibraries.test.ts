import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { ChatOpenAI } from "@langchain/openai";
import { generateText, streamText } from "ai";
import { startTestServer, type TestServer } from "./support/testServer.ts";

let server: TestServer;
const key = "client-libraries-key";

beforeAll(async () => {
    server = await startTestServer({ apiKey: key });
});

afterAll(async () => {
    await server.dispose();
});

describe("LangChain's ChatOpenAI against /v1/chat/completions", () => {
    const chat = () => new ChatOpenAI({ model: "stories260K", apiKey: key, configuration: { baseURL: `${server.url}/v1` }, maxTokens: 12, temperature: 0.5, maxRetries: 0 });

    test("invoke", async () => {
        const reply = await chat().invoke("Once upon a time");
        expect(typeof reply.content).toBe("string");
        expect((reply.content as string).length).toBeGreaterThan(0);
        expect(reply.usage_metadata?.output_tokens).toBe(12);
    });

    test("stream", async () => {
        let text = "";
        let chunks = 0;
        for await (const chunk of await chat().stream("Once upon a time")) {
            text += chunk.content as string;
            chunks++;
        }
        expect(chunks).toBeGreaterThan(1);
        expect(text.length).toBeGreaterThan(0);
    });
});

describe("the Vercel AI SDK through @ai-sdk/openai-compatible", () => {
    const provider = () => createOpenAICompatible({ name: "local-swarm", baseURL: `${server.url}/v1`, apiKey: key, includeUsage: true });

    test("generateText", async () => {
        const result = await generateText({ model: provider()("stories260K"), prompt: "Once upon a time", maxOutputTokens: 12, seed: 4, maxRetries: 0 });
        expect(result.text.length).toBeGreaterThan(0);
        expect(result.finishReason).toBe("length");
        expect(result.usage.outputTokens).toBe(12);
    });

    test("streamText", async () => {
        const result = streamText({ model: provider()("stories260K"), prompt: "Once upon a time", maxOutputTokens: 12, seed: 4, maxRetries: 0 });
        let text = "";
        for await (const delta of result.textStream) text += delta;
        expect(text.length).toBeGreaterThan(0);
        expect(text).toBe(await result.text);
        expect(await result.finishReason).toBe("length");
    });

    test("completion models: the provider's completionModel on /v1/completions", async () => {
        const result = await generateText({ model: provider().completionModel("stories260K"), prompt: "Once upon a time", maxOutputTokens: 8, maxRetries: 0 });
        expect(result.text.length).toBeGreaterThan(0);
        expect(result.usage.outputTokens).toBe(8);
    });
});
