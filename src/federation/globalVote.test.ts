import { expect, test } from "bun:test";
import { globalVote, similarityToWinner } from "./globalVote.ts";
import type { NodeVote } from "./protocol.ts";

function vote(node: string, text: string, workers: number, model = "stories"): NodeVote {
    return {
        node, model, workers, worker: "w0", text, temperature: 0.7, seed: 1, finishReason: "stop", tokens: 2, promptTokens: 3,
        latencyMs: 10, strategy: "majority", agreement: 1, confidence: 1, candidates: []
    };
}

test("each node's winner counts as many votes as the node has workers", () => {
    const votes = [vote("aaaaaaaaaaaaaaaa", "The answer is 4.", 1), vote("bbbbbbbbbbbbbbbb", "The answer is 4.", 1), vote("cccccccccccccccc", "The answer is 5.", 4)];
    const decision = globalVote(votes, { strategy: "answer" });
    expect(votes[decision.winner]!.node).toBe("cccccccccccccccc");
    const evenly = globalVote(votes.map((entry) => ({ ...entry, workers: 1 })), { strategy: "answer" });
    expect(votes[evenly.winner]!.text).toBe("The answer is 4.");
});

test("the model weights multiply the worker counts", () => {
    const votes = [vote("aaaaaaaaaaaaaaaa", "The answer is 4.", 2, "small"), vote("cccccccccccccccc", "The answer is 5.", 1, "large")];
    expect(votes[globalVote(votes, { strategy: "answer" }).winner]!.node).toBe("aaaaaaaaaaaaaaaa");
    expect(votes[globalVote(votes, { strategy: "answer", weights: { large: 3 } }).winner]!.node).toBe("cccccccccccccccc");
});

test("similarity to the winner is 1 for the same text and lower for another", () => {
    expect(similarityToWinner("once upon a time", "once upon a time")).toBe(1);
    expect(similarityToWinner("a cat sat", "once upon a time")).toBeLessThan(0.5);
});
