import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { getLlama, LlamaChat, resolveChatWrapper, type ChatModelFunctions, type LlamaContext, type LlamaModel } from "node-llama-cpp";
import { ForcedFunctionCallChatWrapper } from "../../src/tools/ForcedFunctionCallChatWrapper.ts";
import { parseToolRequest } from "../../src/tools/parseToolRequest.ts";
import { toChatHistory } from "../../src/tools/toChatHistory.ts";
import { validateJson } from "../../src/tools/validateJson.ts";
import { testModelPath } from "../support/testModel.ts";

/** The real test model has no chat template and knows nothing of tools: only the grammar makes its calls valid. */
let model: LlamaModel;
let context: LlamaContext;

beforeAll(async () => {
    const llama = await getLlama({ gpu: false, build: "never" });
    model = await llama.loadModel({ modelPath: await testModelPath() });
    // The function documentation alone is longer than the model's 512-token training context.
    context = await model.createContext({ contextSize: 4096, sequences: 1, threads: 1 });
});

afterAll(async () => {
    await context.dispose();
    await model.dispose();
});

const calling = parseToolRequest({
    tools: [{
        type: "function",
        function: {
            name: "get_weather",
            description: "Weather for a city",
            parameters: { type: "object", properties: { city: { enum: ["Paris", "Oslo"] }, metric: { type: "boolean" } }, required: ["city", "metric"] }
        }
    }],
    tool_choice: { type: "function", function: { name: "get_weather" } }
});

describe("forced function call with the test model", () => {
    test("yields a schema-valid call", async () => {
        const spec = calling?.functions[0];
        if (spec == null) throw new Error("no function parsed");
        const functions: ChatModelFunctions = { [spec.name]: { description: spec.description, params: spec.grammar } };
        const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: new ForcedFunctionCallChatWrapper(resolveChatWrapper(model)) });
        try {
            const response = await chat.generateResponse(toChatHistory([{ role: "user", content: "What is the weather in Paris?" }]), {
                functions, maxParallelFunctionCalls: 1, maxTokens: 100, temperature: 0.8, seed: 7
            });
            expect(response.metadata.stopReason).toBe("functionCalls");
            const call = response.functionCalls?.[0];
            expect(call?.functionName).toBe("get_weather");
            expect(validateJson(spec.parameters, call?.params)).toBeUndefined();
        } finally {
            chat.dispose({ disposeSequence: true });
        }
    });
});
