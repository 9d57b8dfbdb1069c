import { expect, test } from "bun:test";
import type { SwarmRequest } from "../swarm/index.ts";
import { parseGenerateRequest } from "./parseWire.ts";
import { parseToolRequest } from "../tools/index.ts";
import { fromWireRequest, toWireRequest, usesTools } from "./wireRequest.ts";

const request: SwarmRequest = {
    messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Once upon a time" }],
    params: { maxTokens: 16, temperature: 0.4, seed: 7, stop: ["\n"], format: { kind: "json" } },
    strategy: "majority",
    adaptive: true
};

test("a text request survives the trip to a peer unchanged", () => {
    const wire = toWireRequest(request)!;
    expect(fromWireRequest(parseGenerateRequest(JSON.parse(JSON.stringify(wire))))).toEqual(request);
});

const tools = parseToolRequest({
    tools: [
        { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { enum: ["Paris", "Oslo"] } }, required: ["city"] } } },
        { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } }
    ],
    tool_choice: "required",
    parallel_tool_calls: false
})!;
const toolRequest: SwarmRequest = {
    messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: "", toolCalls: [{ id: "call_1", name: "get_weather", arguments: "{\"city\":\"Paris\"}" }] },
        { role: "tool", content: "sunny", toolCallId: "call_1" },
        { role: "user", content: "And the time?" }
    ],
    params: { maxTokens: 32, tools },
    strategy: "json"
};

test("a tool-calling request survives the trip to a protocol 2 peer, its tools checked again there", () => {
    const wire = toWireRequest(toolRequest)!;
    expect(usesTools(wire)).toBe(true);
    expect(usesTools(toWireRequest(request)!)).toBe(false);
    expect(fromWireRequest(parseGenerateRequest(JSON.parse(JSON.stringify(wire)), 2))).toEqual(toolRequest);
    const named = parseToolRequest({ tools: [{ type: "function", function: { name: "get_time" } }], tool_choice: { type: "function", function: { name: "get_time" } } })!;
    const forced = { ...toolRequest, params: { maxTokens: 8, tools: named } };
    expect(fromWireRequest(parseGenerateRequest(JSON.parse(JSON.stringify(toWireRequest(forced))), 2))).toEqual(forced);
});

test("protocol 1 carries no tools: a tool turn is refused, offered tools are not read", () => {
    const wire = JSON.parse(JSON.stringify(toWireRequest(toolRequest))) as { messages: unknown[] };
    expect(() => parseGenerateRequest(wire, 1)).toThrow(/messages\[2\]\.role must be one of system, user, assistant/);
    expect(parseGenerateRequest({ ...wire, messages: wire.messages.slice(0, 1) }, 1).tools).toBeUndefined();
});

test("a peer's tools are bounded and checked like a client's", () => {
    const wire = JSON.parse(JSON.stringify(toWireRequest(toolRequest))) as { tools: { functions: { name: string; parameters: unknown }[] } };
    const many = { ...wire, tools: { ...wire.tools, functions: Array.from({ length: 129 }, (_, index) => ({ name: `f${index}`, parameters: {} })) } };
    expect(() => parseGenerateRequest(many, 2)).toThrow(/tools\.functions must have at most 128 items/);
    const badName = { ...wire, tools: { ...wire.tools, functions: [{ name: "no spaces allowed", parameters: {} }] } };
    expect(() => fromWireRequest(parseGenerateRequest(badName, 2))).toThrow(/name/);
    const badSchema = { ...wire, tools: { ...wire.tools, functions: [{ name: "f", parameters: { type: "string" } }] } };
    expect(() => fromWireRequest(parseGenerateRequest(badSchema, 2))).toThrow(/"type": "object"/);
});

test("raw-prompt requests do not travel: they are answered locally", () => {
    expect(toWireRequest({ ...request, prompt: { text: "Once upon a time" } })).toBeUndefined();
});
