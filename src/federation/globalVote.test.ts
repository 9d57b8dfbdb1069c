import { expect, test } from "bun:test";
import { agreementsWithOthers, dominanceCap, globalVote, nodeWeights, similarityToWinner } from "./globalVote.ts";
import type { NodeVote } from "./protocol.ts";

function vote(node: string, text: string, workers: number, model = "stories"): NodeVote {
    return {
        node, model, workers, worker: "w0", text, temperature: 0.7, seed: 1, finishReason: "stop", tokens: 2, promptTokens: 3,
        latencyMs: 10, strategy: "majority", agreement: 1, confidence: 1, candidates: []
    };
}

test("each node's winner counts as many votes as the node has workers", () => {
    const votes = [vote("aaaaaaaaaaaaaaaa", "The answer is 4.", 1), vote("bbbbbbbbbbbbbbbb", "The answer is 4.", 1), vote("cccccccccccccccc", "The answer is 5.", 3), vote("dddddddddddddddd", "The answer is 6.", 1)];
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

test("a node's vote counts only the workers that backed its local winner", () => {
    const split = { ...vote("cccccccccccccccc", "The answer is 5.", 4), agreement: 0.5 };
    const votes = [vote("aaaaaaaaaaaaaaaa", "The answer is 4.", 3), split];
    expect(votes[globalVote(votes, { strategy: "answer" }).winner]!.node).toBe("aaaaaaaaaaaaaaaa");
});

test("learned trust weighs the nodes; a fitted model weight wins over it", () => {
    const votes = [vote("aaaaaaaaaaaaaaaa", "The answer is 4.", 2, "small"), vote("cccccccccccccccc", "The answer is 5.", 2, "large")];
    const trust = new Map([["small@aaaaaaaaaaaaaaaa", 0.5], ["large@cccccccccccccccc", 2]]);
    expect(votes[globalVote(votes, { strategy: "answer", trust }).winner]!.node).toBe("cccccccccccccccc");
    expect(votes[globalVote(votes, { strategy: "answer", trust, weights: { small: 3 } }).winner]!.node).toBe("aaaaaaaaaaaaaaaa");
    expect(nodeWeights(votes, { trust, weights: { small: 3 } }).map((entry) => entry.source)).toEqual(["fitted", "trust"]);
});

test("with three or more nodes no node outvotes all the others alone, however trusted", () => {
    const votes = [vote("aaaaaaaaaaaaaaaa", "The answer is 4.", 1), vote("bbbbbbbbbbbbbbbb", "The answer is 4.", 1), vote("cccccccccccccccc", "The answer is 5.", 8)];
    const trust = new Map([["stories@cccccccccccccccc", 1000]]);
    const weights = nodeWeights(votes, { trust });
    expect(weights[2]).toMatchObject({ capped: true, vote: dominanceCap * 2 });
    expect(votes[globalVote(votes, { strategy: "answer", trust }).winner]!.text).toBe("The answer is 4.");
    // Against a split it still wins: the cap only stops it overruling everyone else together.
    const split = [votes[0]!, { ...votes[1]!, text: "The answer is 6." }, votes[2]!];
    expect(split[globalVote(split, { strategy: "answer", trust }).winner]!.text).toBe("The answer is 5.");
    // Two nodes: one of them has to win a disagreement, so the cap does not apply.
    expect(nodeWeights(votes.slice(1), { trust }).some((entry) => entry.capped)).toBe(false);
});

test("agreement is judged against the others' vote, and only when at least two others back it", () => {
    const votes = [vote("aaaaaaaaaaaaaaaa", "The answer is 4.", 2), vote("bbbbbbbbbbbbbbbb", "so the answer is \\boxed{4}", 2), vote("cccccccccccccccc", "The answer is 5.", 2), vote("dddddddddddddddd", "The answer is 4.", 2)];
    expect(agreementsWithOthers(votes, { strategy: "answer" })).toEqual([true, true, false, true]);
    // Three nodes split three ways: nobody decided.
    expect(agreementsWithOthers(votes.slice(0, 3).map((entry, index) => ({ ...entry, text: `The answer is ${index}.` })), { strategy: "answer" })).toEqual([null, null, null]);
    // Two nodes: each other's answer alone is no evidence of who is right.
    expect(agreementsWithOthers(votes.slice(0, 2), { strategy: "answer" })).toEqual([null, null]);
    // Prose (similarity): the texts' similarity to the others' winner.
    const prose = ["once upon a time there was a cat", "once upon a time there was a cat", "a dog ran far away from home"].map((text, index) => vote(`${index}`.repeat(16), text, 2));
    expect(agreementsWithOthers(prose, { strategy: "similarity" })).toEqual([null, null, false]);
    expect(agreementsWithOthers([...prose, vote("eeeeeeeeeeeeeeee", "once upon a time there was a cat", 2)], { strategy: "similarity" })).toEqual([true, true, false, true]);
});
