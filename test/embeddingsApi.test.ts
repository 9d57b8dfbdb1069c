import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { OpenAIEmbeddings } from "@langchain/openai";
import OpenAI from "openai";
import { testModelPath } from "./support/testModel.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

let server: TestServer;

beforeAll(async () => {
    server = await startTestServer();
});

afterAll(async () => {
    await server.dispose();
});

function cosine(a: readonly number[], b: readonly number[]): number {
    let dot = 0;
    let normA = 0;
    let normB = 0;
    a.forEach((value, index) => {
        dot += value * b[index]!;
        normA += value * value;
        normB += b[index]! * b[index]!;
    });
    return dot / Math.sqrt(normA * normB);
}

describe("embeddings through the openai client", () => {
    test("embeddings.create: one vector per input, in order, the same text the same vector; base64 (the client's default) and float agree", async () => {
        const texts = ["Once upon a time", "The little dog ran to the park.", "Once upon a time"];
        const viaBase64 = await server.client.embeddings.create({ model: "stories260K", input: texts });
        expect(viaBase64.object).toBe("list");
        expect(viaBase64.data.map((item) => item.index)).toEqual([0, 1, 2]);
        const [first, second, third] = viaBase64.data.map((item) => item.embedding);
        expect(first!.length).toBeGreaterThan(0);
        expect(second!.length).toBe(first!.length);
        expect(cosine(first!, third!)).toBeCloseTo(1, 5);
        expect(cosine(first!, second!)).toBeLessThan(0.9999);
        expect(viaBase64.usage.prompt_tokens).toBeGreaterThan(6);

        const viaFloat = await server.client.embeddings.create({ model: "x", input: "Once upon a time", encoding_format: "float" });
        expect(viaFloat.data[0]!.embedding).toHaveLength(first!.length);
        expect(cosine(viaFloat.data[0]!.embedding, first!)).toBeCloseTo(1, 5);
        expect((await server.client.embeddings.create({ model: "x", input: "Once", dimensions: first!.length })).data[0]!.embedding).toHaveLength(first!.length);
    });

    test("token-id inputs are embedded, one vector per list, and a single list alone gets the same vector", async () => {
        const { data } = await server.client.embeddings.create({ model: "x", input: [[1, 200, 300], [1, 150]], encoding_format: "float" });
        expect(data).toHaveLength(2);
        const single = await server.client.embeddings.create({ model: "x", input: [1, 200, 300], encoding_format: "float" });
        expect(cosine(single.data[0]!.embedding, data[0]!.embedding)).toBeCloseTo(1, 5);
    });
});

test("LangChain's OpenAIEmbeddings: embedDocuments and embedQuery", async () => {
    const embeddings = new OpenAIEmbeddings({ model: "stories260K", apiKey: "unused", configuration: { baseURL: `${server.url}/v1` }, maxRetries: 0 });
    const documents = await embeddings.embedDocuments(["Once upon a time", "The little dog"]);
    expect(documents).toHaveLength(2);
    const query = await embeddings.embedQuery("Once upon a time");
    expect(cosine(query, documents[0]!)).toBeCloseTo(1, 4);
});

describe("bad embedding requests are 400s in OpenAI's shape", () => {
    const cases: [string, Record<string, unknown>, string | null][] = [
        ["an empty string", { input: "" }, "input.0"],
        ["dimensions the model cannot truncate to", { input: "Once", dimensions: 3 }, "dimensions"],
        ["a token id outside the vocabulary", { input: [1, 99_999_999] }, "input.0"],
        ["an input longer than the context", { input: "Once upon a time ".repeat(400) }, "input.0"],
        ["an unknown encoding", { input: "Once", encoding_format: "int8" }, "encoding_format"],
        ["no input", {}, "input"],
        ["an empty list", { input: [] }, "input"]
    ];
    for (const [name, body, param] of cases)
        test(name, async () => {
            const error = await server.client.embeddings.create({ model: "x", ...body } as never).then(() => undefined, (caught: unknown) => caught);
            expect(error).toBeInstanceOf(OpenAI.BadRequestError);
            const wire = (error as InstanceType<typeof OpenAI.BadRequestError>).error as { message: string; param: string | null; type: string };
            expect(wire.type).toBe("invalid_request_error");
            expect(wire.param).toBe(param);
        });
});

test("--embedding-model loads a separate model for the embeddings, with the same answers as the same weights served", async () => {
    const separate = await startTestServer({ embeddingModel: await testModelPath(), workers: 1 });
    try {
        const [own, served] = await Promise.all([
            separate.client.embeddings.create({ model: "x", input: "Once upon a time", encoding_format: "float" }),
            server.client.embeddings.create({ model: "x", input: "Once upon a time", encoding_format: "float" })
        ]);
        expect(own.model).toBe("stories260K");
        expect(cosine(own.data[0]!.embedding, served.data[0]!.embedding)).toBeCloseTo(1, 4);
    } finally {
        await separate.dispose();
    }
});
