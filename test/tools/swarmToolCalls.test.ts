import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { LlamaEngine, Swarm } from "../../src/swarm/index.ts";
import { parseToolRequest, validateJson, type ToolCalling } from "../../src/tools/index.ts";
import { testModelPath } from "../support/testModel.ts";

/**
 * The real test model has no chat template and knows nothing of tools: only the forced call and
 * its grammar make its calls valid, which is exactly what must hold for any model.
 */
let swarm: Swarm;

beforeAll(async () => {
    const engine = await LlamaEngine.load({ modelPath: await testModelPath(), slots: 3, threads: 1, contextSize: 512, gpu: "cpu" });
    swarm = new Swarm({ engine, queueSize: 4, strategy: "auto", defaultTemperature: 0.8, temperatureSpread: 0.3, requestTimeoutMs: 120_000 });
});

afterAll(async () => {
    await swarm.dispose();
});

function weatherTools(toolChoice: unknown): ToolCalling {
    const calling = parseToolRequest({
        tools: [{
            type: "function",
            function: {
                name: "get_weather",
                description: "Weather for a city",
                parameters: { type: "object", properties: { city: { enum: ["Paris", "Oslo"] }, metric: { type: "boolean" } }, required: ["city", "metric"] }
            }
        }, { type: "function", function: { name: "get_time", parameters: { type: "object", properties: { zone: { enum: ["UTC", "CET"] } } } } }],
        tool_choice: toolChoice
    });
    if (calling == null) throw new Error("no tools parsed");
    return calling;
}

describe("swarm tool calls with the test model", () => {
    test("a named function is called by every worker, schema-valid, and voted on", async () => {
        const tools = weatherTools({ type: "function", function: { name: "get_weather" } });
        const result = await swarm.run({
            messages: [{ role: "user", content: "What is the weather in Paris?" }],
            params: { maxTokens: 60, seed: 3, tools }
        });
        expect(result.toolVote?.calls.length).toBe(1);
        const call = result.toolVote?.calls[0];
        expect(call?.name).toBe("get_weather");
        expect(validateJson(tools.functions[0]!.parameters, call?.arguments)).toBeUndefined();
        expect(result.decision.strategy).toBe("json");
        for (const candidate of result.candidates) {
            expect(candidate.finishReason).toBe("tool_calls");
            expect(candidate.calls?.[0]?.name).toBe("get_weather");
        }
        expect(result.candidates[result.decision.winner]?.calls).toEqual(result.toolVote?.calls);
    });

    test("required lets the model pick among the functions", async () => {
        const tools = weatherTools("required");
        const result = await swarm.run({ messages: [{ role: "user", content: "Time?" }], params: { maxTokens: 60, seed: 5, tools } });
        const call = result.toolVote?.calls[0];
        const spec = tools.functions.find((candidate) => candidate.name === call?.name);
        expect(spec).toBeDefined();
        expect(validateJson(spec!.parameters, call?.arguments)).toBeUndefined();
    });

    test("after a tool result the model answers in text", async () => {
        const tools = weatherTools("auto");
        const result = await swarm.run({
            messages: [
                { role: "user", content: "What is the weather in Paris?" },
                { role: "assistant", content: "", toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris","metric":true}' }] },
                { role: "tool", toolCallId: "call_1", content: '{"temperature":21}' }
            ],
            params: { maxTokens: 20, seed: 1, tools }
        });
        expect(result.toolVote).toBeUndefined();
        expect(result.candidates.every((candidate) => candidate.finishReason !== "error")).toBe(true);
        expect(result.candidates[result.decision.winner]?.text.length).toBeGreaterThan(0);
    });
});
