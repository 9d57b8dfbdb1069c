import { expect, test } from "bun:test";
import type { SwarmRequest } from "../swarm/index.ts";
import { parseGenerateRequest } from "./parseWire.ts";
import { fromWireRequest, toWireRequest } from "./wireRequest.ts";

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

test("tool-calling requests do not travel: they are voted on locally", () => {
    expect(toWireRequest({ ...request, params: { ...request.params, tools: { functions: [], choice: { mode: "auto" }, parallel: true } } })).toBeUndefined();
    expect(toWireRequest({ ...request, messages: [...request.messages, { role: "tool", content: "42", toolCallId: "call_1" }] })).toBeUndefined();
});
