import { expect, test } from "bun:test";
import { InvalidRequestError } from "../errors.ts";
import { parseGenerateRequest, parseHello, parseNodeVote } from "./parseWire.ts";

test("a generate request keeps only the known fields, checked", () => {
    const parsed = parseGenerateRequest({
        messages: [{ role: "user", content: "hi", extra: "dropped" }],
        params: { maxTokens: 16, temperature: 0.5, stop: ["\n"], format: { kind: "json" }, path: "/etc/passwd" },
        strategy: "majority",
        exec: "rm -rf /"
    });
    expect(parsed).toEqual({
        messages: [{ role: "user", content: "hi" }],
        params: { maxTokens: 16, temperature: 0.5, topP: undefined, seed: undefined, stop: ["\n"], format: { kind: "json" } },
        strategy: "majority"
    });
});

test("thinking options and a winner's thinking cross the wire, checked", () => {
    const request = parseGenerateRequest({ messages: [{ role: "user", content: "hi" }], params: { maxTokens: 16, thinking: { enabled: false, budget: 8, effort: "low", extra: 1 } } });
    expect(request.params.thinking).toEqual({ enabled: false, budget: 8, effort: "low" });
    expect(() => parseGenerateRequest({ messages: [{ role: "user", content: "hi" }], params: { maxTokens: 16, thinking: { effort: "max" } } })).toThrow(/params\.thinking\.effort/);
    expect(() => parseGenerateRequest({ messages: [{ role: "user", content: "hi" }], params: { maxTokens: 16, thinking: { budget: 0 } } })).toThrow(/params\.thinking\.budget/);
});

test("bad requests name the bad field", () => {
    const bad: [unknown, RegExp][] = [
        [null, /request must be an object/],
        [{ messages: [], params: { maxTokens: 1 } }, /messages must not be empty/],
        [{ messages: [{ role: "tool", content: "x" }], params: { maxTokens: 1 } }, /messages\[0\]\.role/],
        [{ messages: [{ role: "user", content: "x" }], params: { maxTokens: 0 } }, /params\.maxTokens/],
        [{ messages: [{ role: "user", content: "x" }], params: { maxTokens: 1, temperature: 9 } }, /params\.temperature/],
        [{ messages: [{ role: "user", content: "x" }], params: { maxTokens: 1 }, strategy: "loudest" }, /strategy must be one of/]
    ];
    // A peer's output schema passes the same checks as a client's response_format.
    const schema = (value: unknown) => ({ messages: [{ role: "user", content: "x" }], params: { maxTokens: 1, format: { kind: "jsonSchema", schema: value } } });
    const nested = (depth: number): object => (depth === 0 ? { type: "string" } : { type: "array", items: nested(depth - 1) });
    bad.push(
        [schema("string"), /params\.format\.schema must be a JSON schema object/],
        [schema({ type: "frobnicate" }), /params\.format\.schema: unknown type "frobnicate"/],
        [schema({ $ref: "http://evil.example/schema" }), /\$ref must point inside the schema/],
        [schema({ type: "object", properties: { a: { type: ["string", 5] } } }), /params\.format\.schema\.properties\.a: unknown type 5/],
        [schema(nested(40)), /nested deeper than 32 levels/]
    );
    for (const [value, message] of bad) {
        expect(() => parseGenerateRequest(value)).toThrow(InvalidRequestError);
        expect(() => parseGenerateRequest(value)).toThrow(message);
    }
});

test("hello and votes from peers are checked field by field", () => {
    expect(() => parseHello({ protocol: 1, id: "../../x", boot: "b", model: "m", workers: 1, capabilities: [] })).toThrow(/id must be a node id/);
    const vote = {
        node: "0123456789abcdef", model: "m", workers: 2, worker: "w1", text: "t", temperature: 0.7, seed: 1, finishReason: "stop",
        tokens: 1, promptTokens: 2, latencyMs: 3, strategy: "similarity", agreement: 1, confidence: 0.5,
        candidates: [{ worker: "w0", tokens: 0, latencyMs: 1, finishReason: "error", score: null }]
    };
    expect(parseNodeVote(vote)).toEqual(vote);
    const thinking = { ...vote, text: "", thought: "first, the sum", thoughtTokens: 3, cutWhileThinking: true };
    expect(parseNodeVote(thinking)).toEqual(thinking);
    expect(() => parseNodeVote({ ...vote, thoughtTokens: -1 })).toThrow(/thoughtTokens/);
    expect(() => parseNodeVote({ ...vote, workers: "2" })).toThrow(/workers must be a number/);
});
