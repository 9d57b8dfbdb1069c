import { describe, expect, test } from "bun:test";
import { AdaptiveVote } from "./adaptiveVote.ts";
import { betaAboveHalf } from "./betaAboveHalf.ts";

describe("betaAboveHalf", () => {
    test("matches the closed form and the numeric integral", () => {
        expect(betaAboveHalf(4, 1)).toBeCloseTo(1 - 0.5 ** 4, 9);
        expect(betaAboveHalf(3, 3)).toBe(0.5);
        expect(betaAboveHalf(6, 3)).toBeCloseTo(betaAboveHalf(6.0000001, 3), 5);
        expect(betaAboveHalf(1, 5)).toBeLessThan(0.5);
    });
});

describe("AdaptiveVote", () => {
    test("stops once four agree, as the Beta rule at 0.95 says", () => {
        const vote = new AdaptiveVote({ strategy: "answer" });
        expect(["7", "7", "7"].map((text) => vote.add({ text }))).toEqual([false, false, false]);
        expect(vote.add({ text: "7" })).toBe(true);
        const decision = vote.decision();
        expect(decision.used).toBe(4);
        expect(decision.answer).toBe("7");
        expect(decision.reason).toContain("stopped early after 4");
    });

    test("keeps going while the vote is split", () => {
        const vote = new AdaptiveVote({ strategy: "answer" });
        const stops = ["1", "2", "1", "2", "1", "2"].map((text) => vote.add({ text }));
        expect(stops.some(Boolean)).toBe(false);
        expect(vote.decision().reason).toContain("did not trigger");
    });

    test("strategies that do not vote on answers never stop early", () => {
        const vote = new AdaptiveVote({ strategy: "similarity" });
        for (let index = 0; index < 8; index++) expect(vote.add({ text: "same text" })).toBe(false);
        expect(vote.decision().used).toBe(8);
    });

    test("weights count in mean-voter units, so one heavy model alone does not decide", () => {
        const vote = new AdaptiveVote({ strategy: "answer", weights: { big: 10 } });
        expect(vote.add({ text: "5", model: "big" })).toBe(false);
        expect(vote.add({ text: "5", model: "big" })).toBe(false);
    });
});
