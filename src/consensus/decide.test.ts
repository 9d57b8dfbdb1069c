import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../errors.ts";
import { decide } from "./decide.ts";
import { judgePrompt, parseJudgeReply } from "./strategies/judge.ts";
import { strategyNames, type Candidate, type RequestedStrategy } from "./types.ts";

const c = (text: string, extra: Partial<Candidate> = {}): Candidate => ({ text, ...extra });

/** Every rotation and the reverse of the candidates must give the same winning text. */
function winnerTextInEveryOrder(candidates: readonly Candidate[], strategy: RequestedStrategy): string {
    const orders = [candidates, [...candidates].reverse(), ...candidates.map((_, shift) => [...candidates.slice(shift), ...candidates.slice(0, shift)])];
    const winners = new Set(orders.map((order) => order[decide(order, { strategy }).winner]!.text));
    expect(winners.size).toBe(1);
    return [...winners][0]!;
}

const prose = [
    c("Paris is the capital of France, known for the Eiffel Tower."),
    c("The capital of France is Paris, home of the Eiffel Tower."),
    c("Paris is the capital of France."),
    c("Lyon is the capital of France.")
];
const math = [
    c("Working it through, the answer is \\boxed{42}."),
    c("So the final answer is 42."),
    c("I get \\boxed{41}."),
    c("", { finishReason: "error" }),
    c("Hence \\boxed{042}")
];

describe("decide", () => {
    test("every strategy is deterministic and independent of candidate order", () => {
        for (const strategy of strategyNames) {
            if (strategy === "fastest") continue;
            expect(typeof winnerTextInEveryOrder(prose, strategy)).toBe("string");
            expect(typeof winnerTextInEveryOrder(math, strategy)).toBe("string");
        }
    });

    test("one candidate is returned as is", () => {
        for (const strategy of strategyNames) {
            const decision = decide([c("only me")], { strategy });
            expect(decision.winner).toBe(0);
            expect(decision.used).toBe(1);
        }
    });

    test("no candidates is a typed error", () => {
        expect(() => decide([])).toThrow(InvalidRequestError);
    });

    test("similarity picks the answer the others agree with", () => {
        const decision = decide(prose, { strategy: "similarity" });
        expect(prose[decision.winner]!.text).toContain("Paris");
        expect(decision.answer).toBeNull();
        expect(decision.confidence).toBeGreaterThan(0);
    });

    test("answer votes on extracted answers; those without one do not vote", () => {
        const decision = decide(math, { strategy: "answer" });
        expect(decision.answer).toBe("42");
        expect(decision.scores[3]).toBe(-1);
        expect(decision.agreement).toBeCloseTo(3 / 4);
        expect(decision.confidence).toBeCloseTo(2 / 4);
    });

    test("answer counts candidates cut off by the length limit at half weight", () => {
        const cutOff = (text: string) => c(text, { finishReason: "length" });
        expect(decide([cutOff("7"), cutOff("7"), cutOff("7"), c("9"), c("9")], { strategy: "answer" }).answer).toBe("9");
        expect(decide([cutOff("7"), cutOff("7"), cutOff("7"), c("9"), c("9")], { strategy: "majority" }).answer).toBe("7");
        expect(decide([cutOff("7"), cutOff("7"), cutOff("7"), c("9")], { strategy: "answer" }).answer).toBe("7");
    });

    test("majority matches normalised whole texts", () => {
        const decision = decide([c("Yes."), c("yes"), c("No")], { strategy: "majority" });
        expect(decision.answer).toBe("yes");
    });

    test("weights let a stronger model outvote two weaker ones", () => {
        const candidates = [c("12", { model: "big" }), c("13", { model: "small" }), c("13", { model: "small" })];
        expect(decide(candidates, { strategy: "answer" }).answer).toBe("13");
        expect(decide(candidates, { strategy: "answer", weights: { big: 3, small: 1 } }).answer).toBe("12");
    });

    test("a tied vote has zero confidence and can abstain", () => {
        const decision = decide([c("1"), c("2")], { strategy: "answer", abstainBelow: 0.2 });
        expect(decision.confidence).toBe(0);
        expect(decision.abstain).toBe(true);
        expect(decide([c("1"), c("1")], { strategy: "answer", abstainBelow: 0.2 }).abstain).toBe(false);
    });

    test("quality prefers finished, non-repetitive, non-refusing answers", () => {
        const loop = "the cat sat on the mat ".repeat(20);
        const candidates = [c(loop), c("I'm sorry, but I can't help with that."), c("A clear, complete answer that explains the idea in a few sentences."), c("Cut off mid", { finishReason: "length" })];
        expect(decide(candidates, { strategy: "quality" }).winner).toBe(2);
    });

    test("fastest takes the first valid answer by latency", () => {
        const candidates = [c("slow", { latencyMs: 900 }), c("", { latencyMs: 10 }), c("cut", { latencyMs: 20, finishReason: "length" }), c("quick", { latencyMs: 300 })];
        expect(decide(candidates, { strategy: "fastest" }).winner).toBe(3);
        expect(decide([c("first"), c("second")], { strategy: "fastest" }).winner).toBe(0);
    });

    test("json votes on canonical JSON", () => {
        const candidates = [c('{"a": 1, "b": 2}'), c('{"b":2,"a":1}'), c('{"a": 3}'), c("not json")];
        const decision = decide(candidates);
        expect(decision.strategy).toBe("json");
        expect(decision.answer).toBe('{"a":1,"b":2}');
    });

    test("judge follows the judge's reply and falls back to similarity", () => {
        const named = decide(prose, { strategy: "judge", judgeReply: "The most consistent response is Response 3." });
        expect(named.strategy).toBe("judge");
        expect(named.winner).toBe(2);
        const fallback = decide(prose, { strategy: "judge", judgeReply: "They are all lovely." });
        expect(fallback.strategy).toBe("similarity");
        expect(fallback.reason).toContain("fell back to similarity");
    });

    test("auto says what it chose and why", () => {
        expect(decide(math).strategy).toBe("answer");
        expect(decide(prose).strategy).toBe("similarity");
        const code = [c("```python\ndef f():\n    return 1\n```"), c("```python\ndef f():\n    return 2\n```")];
        const decision = decide(code);
        expect(decision.strategy).toBe("similarity");
        expect(decision.reason).toContain("code");
    });
});

describe("judge prompt", () => {
    test("numbers the responses and parses the reply", () => {
        const prompt = judgePrompt(prose, "What is the capital of France?");
        expect(prompt).toContain("Response 4:\nLyon");
        expect(parseJudgeReply("The most consistent response is Response 2", 4)).toBe(1);
        expect(parseJudgeReply("3", 4)).toBe(2);
        expect(parseJudgeReply("Response 9", 4)).toBeUndefined();
    });
});
