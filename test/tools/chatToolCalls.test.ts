import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { validateJson, type JsonSchema } from "../../src/tools/index.ts";
import { startTestServer, type TestServer } from "../support/testServer.ts";

/** The real server on the real test model: only the grammar makes its calls valid. */
let server: TestServer;

beforeAll(async () => {
    server = await startTestServer();
});

afterAll(async () => {
    await server.dispose();
});

const weatherParameters: JsonSchema = {
    type: "object",
    properties: { city: { enum: ["Paris", "Oslo"] }, metric: { type: "boolean" } },
    required: ["city", "metric"],
    additionalProperties: false
};
const tools: ChatCompletionTool[] = [
    { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: weatherParameters as Record<string, unknown> } },
    { type: "function", function: { name: "get_time", parameters: { type: "object", properties: { zone: { enum: ["UTC", "CET"] } } } } }
];
const messages = [{ role: "user" as const, content: "What is the weather in Paris?" }];
const forced = { type: "function" as const, function: { name: "get_weather" } };

function checkCall(call: { id: string; type: string; function: { name: string; arguments: string } } | undefined): void {
    expect(call?.id).toMatch(/^call_/);
    expect(call?.type).toBe("function");
    expect(call?.function.name).toBe("get_weather");
    expect(validateJson(weatherParameters, JSON.parse(call?.function.arguments ?? "null"))).toBeUndefined();
}

describe("tool calls in chat completions", () => {
    test("a forced function yields a schema-valid call, voted by the swarm", async () => {
        const completion = await server.client.chat.completions.create({ model: "m", messages, tools, tool_choice: forced, max_tokens: 60, seed: 3 });
        const choice = completion.choices[0]!;
        expect(choice.finish_reason).toBe("tool_calls");
        expect(choice.message.content).toBeNull();
        expect(choice.message.tool_calls).toHaveLength(1);
        const call = choice.message.tool_calls![0]!;
        if (call.type !== "function") throw new Error("expected a function call");
        checkCall(call);
        const swarm = (completion as unknown as { swarm: { strategy: string; answer: string; candidates: { tool_calls?: { name: string }[] }[] } }).swarm;
        expect(swarm.strategy).toBe("json");
        expect(JSON.parse(swarm.answer)).toEqual([{ name: "get_weather", arguments: JSON.parse(call.function.arguments) }]);
        expect(swarm.candidates.every((candidate) => candidate.tool_calls?.[0]?.name === "get_weather")).toBe(true);
    });

    test("streamed: every tool-call delta has its index, and the SDK assembles the same call", async () => {
        const deltas: { index: number }[] = [];
        const stream = server.client.chat.completions.stream({ model: "m", messages, tools, tool_choice: forced, max_tokens: 60, seed: 3 });
        stream.on("chunk", (chunk) => {
            for (const call of chunk.choices[0]?.delta.tool_calls ?? []) deltas.push(call);
        });
        const completion = await stream.finalChatCompletion();
        expect(deltas.length).toBeGreaterThanOrEqual(2);
        expect(deltas.every((delta) => delta.index === 0)).toBe(true);
        const choice = completion.choices[0]!;
        expect(choice.finish_reason).toBe("tool_calls");
        const call = choice.message.tool_calls?.[0];
        if (call?.type !== "function") throw new Error("expected a function call");
        checkCall(call);
    });

    test("required lets the model choose a function", async () => {
        const completion = await server.client.chat.completions.create({ model: "m", messages, tools, tool_choice: "required", max_tokens: 60, seed: 5 });
        expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
        const call = completion.choices[0]!.message.tool_calls?.[0];
        if (call?.type !== "function") throw new Error("expected a function call");
        expect(["get_weather", "get_time"]).toContain(call.function.name);
    });

    test("tool_choice none yields text", async () => {
        const completion = await server.client.chat.completions.create({ model: "m", messages, tools, tool_choice: "none", max_tokens: 16, seed: 1 });
        const choice = completion.choices[0]!;
        expect(choice.message.tool_calls).toBeUndefined();
        expect(choice.message.content?.length).toBeGreaterThan(0);
        expect(["stop", "length"]).toContain(choice.finish_reason);
    });

    test("a tool result is taken back and answered in text", async () => {
        const completion = await server.client.chat.completions.create({
            model: "m",
            tools,
            max_tokens: 16,
            seed: 1,
            messages: [
                ...messages,
                { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris","metric":true}' } }] },
                { role: "tool", tool_call_id: "call_1", content: '{"temperature":21}' }
            ]
        });
        expect(completion.choices[0]!.message.content?.length).toBeGreaterThan(0);
    });

    test("malformed tools are a 400 that names the field", async () => {
        const bad = async (body: Record<string, unknown>) => {
            const error = await server.client.chat.completions.create({ model: "m", messages, max_tokens: 8, ...body } as never).then(() => undefined, (caught: unknown) => caught);
            expect(error).toBeInstanceOf(OpenAI.BadRequestError);
            return (error as InstanceType<typeof OpenAI.BadRequestError>).param;
        };
        expect(await bad({ tools: [{ type: "function", function: { name: "has space" } }] })).toBe("tools[0].function.name");
        expect(await bad({ tools: [{ type: "function", function: { name: "f", parameters: { type: "array" } } }] })).toBe("tools[0].function.parameters");
        expect(await bad({ tools: "get_weather" })).toBe("tools");
        expect(await bad({ tools, tool_choice: { type: "function", function: { name: "missing" } } })).toBe("tool_choice");
        expect(await bad({ tools, response_format: { type: "json_object" } })).toBe("response_format");
        expect(await bad({ messages: [...messages, { role: "tool", tool_call_id: "nope", content: "x" }] })).toBe("messages.1");
    });

    test("the tool routes answer 403 with an OpenAI error body while tools are disabled", async () => {
        for (const request of [
            new Request(`${server.url}/v1/tools`),
            new Request(`${server.url}/v1/tools/execute`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "read_file", arguments: { path: "x" } }) })
        ]) {
            const response = await fetch(request);
            expect(response.status).toBe(403);
            const body = await response.json() as { error: { type: string; code: string; message: string } };
            expect(body.error.type).toBe("permission_error");
            expect(body.error.code).toBe("tools_disabled");
            expect(body.error.message).toContain("--tools");
        }
    });
});
