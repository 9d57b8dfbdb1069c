import { expect, test } from "bun:test";
import type { Decision } from "../../consensus/index.ts";
import type { FederatedResult, NodeOutcome } from "../../federation/index.ts";
import type { SwarmResult, WorkerResult } from "../../swarm/index.ts";
import { choicePieces, wordPieces } from "./choicePieces.ts";

function candidate(worker: string, text: string): WorkerResult {
    return { worker, text, tokens: 3, latencyMs: 10, finishReason: "stop", temperature: 0.7, seed: 1 };
}

const decision: Decision = { strategy: "similarity", reason: "r", winner: 0, answer: null, scores: [1, 0.5], ranking: [0, 1], agreement: 1, confidence: 1, abstain: false, used: 2 };

function node(id: string, self: boolean, worker: string, text: string): NodeOutcome {
    return {
        node: id, url: self ? null : "http://10.0.0.2:8000", self, error: null, latencyMs: 10, score: 1, won: self, similarity: 1, weight: null,
        vote: { node: id, model: "m", workers: 2, worker, text, temperature: 0.7, seed: 1, finishReason: "stop", tokens: 3, promptTokens: 2, latencyMs: 10, strategy: "similarity", agreement: 1, confidence: 1, candidates: [] }
    };
}

test("word pieces add up to the text exactly, whatever its whitespace", () => {
    for (const text of ["", " ", "one", "Once upon  a time,\nthere was\t a cat. ", "  lead and trail \n\n", "naïve café — 日本語 ok"])
        expect(wordPieces(text).join("")).toBe(text);
    expect(wordPieces(" Once upon  a\ntime. ")).toEqual([" Once", " upon", "  a", "\ntime.", " "]);
});

test("a local answer streams as its worker wrote it; chunks that do not add up fall back to words", () => {
    const result: SwarmResult = { model: "m", candidates: [candidate("w0", "Once upon a"), candidate("w1", "The dog")], decision, promptTokens: 2 };
    const recorded = new Map([["w0", ["On", "ce", " up", "on a"]], ["w1", ["The", " cat"]]]);
    expect(choicePieces(result, result.candidates[0]!, recorded)).toEqual(["On", "ce", " up", "on a"]);
    expect(choicePieces(result, result.candidates[1]!, recorded)).toEqual(["The", " dog"]);
});

test("in a federated answer this node's vote streams as its local winner wrote it, a peer's in words", () => {
    const result: FederatedResult = {
        model: "m",
        candidates: [candidate("node-a", "Once upon a"), candidate("node-b", "The big dog")],
        decision,
        promptTokens: 2,
        nodes: [node("node-a", true, "w1", "Once upon a"), node("node-b", false, "w0", "The big dog")]
    };
    // A peer whose id is a local worker's name does not borrow that worker's chunks.
    const recorded = new Map([["w0", ["Some", "thing"]], ["w1", ["On", "ce", " up", "on a"]]]);
    expect(choicePieces(result, result.candidates[0]!, recorded)).toEqual(["On", "ce", " up", "on a"]);
    expect(choicePieces(result, result.candidates[1]!, recorded)).toEqual(["The", " big", " dog"]);
    const impostor: FederatedResult = { ...result, candidates: [result.candidates[0]!, candidate("w0", "Something")], nodes: [result.nodes[0]!, node("w0", false, "w0", "Something")] };
    expect(choicePieces(impostor, impostor.candidates[1]!, recorded)).toEqual(["Something"]);
});
