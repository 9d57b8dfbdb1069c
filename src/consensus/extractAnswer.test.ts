import { describe, expect, test } from "bun:test";
import { extractAnswer } from "./extractAnswer.ts";
import { normalizeAnswer } from "./normalizeAnswer.ts";

describe("extractAnswer", () => {
    test("takes the last \\boxed{} with nested braces", () => {
        expect(extractAnswer("First \\boxed{1}, then finally \\boxed{\\frac{1}{2}}.")).toEqual({ key: "1/2", kind: "boxed" });
    });
    test("reads 'the answer is' phrases up to the end of the sentence", () => {
        expect(extractAnswer("Adding them up gives 1,234 apples. So the answer is 1,234 apples. Hope it helps!")?.key).toBe("1234");
        expect(extractAnswer("Reasoning...\n**Final Answer:** 3.50\n")?.key).toBe("3.5");
    });
    test("recognises multiple-choice letters", () => {
        expect(extractAnswer("Option B fits best, so the correct answer is (B) because ...")).toEqual({ key: "B", kind: "choice" });
        expect(extractAnswer("c)")).toEqual({ key: "C", kind: "choice" });
    });
    test("canonicalises JSON", () => {
        expect(extractAnswer('```json\n{"b": 1, "a": [1, 2]}\n```')).toEqual({ key: '{"a":[1,2],"b":1}', kind: "json" });
    });
    test("falls back to the final code block, then the last number", () => {
        const text = "Here is a function that does it, with an explanation below.\n```python\ndef f(x):   \n    return x\n```\nDone.";
        expect(extractAnswer(text)).toEqual({ key: "def f(x):\n    return x", kind: "code" });
        expect(extractAnswer("We have 3 boxes and each holds 12, for a total of 36 items in the end")?.key).toBe("36");
    });
    test("nothing to vote on", () => {
        expect(extractAnswer("   ")).toBeUndefined();
        expect(extractAnswer("I am not sure how to approach this question at all, sorry about that.")).toBeUndefined();
    });
});

describe("normalizeAnswer", () => {
    test("equal answers written differently compare equal", () => {
        expect(normalizeAnswer("\\dfrac{\\sqrt{21}}{5}")).toBe(normalizeAnswer("\\frac{\\sqrt{21}}5"));
        expect(normalizeAnswer("(6,\\31,\\-1)")).toBe("(6,31,-1)");
        expect(normalizeAnswer("(p,q,r)=(6,31,-1)")).toBe("(6,31,-1)");
        expect(normalizeAnswer("x = 5")).toBe("5");
        expect(normalizeAnswer("45^\\circ")).toBe("45");
        expect(normalizeAnswer("12 cm")).toBe("12");
        expect(normalizeAnswer("033")).toBe("33");
        expect(normalizeAnswer(".35625")).toBe("0.35625");
        expect(normalizeAnswer("\\text{Paris}")).toBe("paris");
    });
    test("different answers stay different", () => {
        expect(normalizeAnswer("1/2")).not.toBe(normalizeAnswer("2/1"));
        expect(normalizeAnswer("(1,2)")).not.toBe(normalizeAnswer("(2,1)"));
    });
});

describe("long answers", () => {
    test("one expression without spaces is an answer by itself", () => {
        expect(extractAnswer("(\\frac{16}{49},\\frac{48}{49},\\frac{24}{49},\\frac{1}{2},\\frac{3}{4})")?.kind).toBe("short");
    });
    test("solution lists compare in any order; tuples keep their order", () => {
        expect(normalizeAnswer("3+2\\sqrt{2},\\-3-2\\sqrt{2}")).toBe(normalizeAnswer("-3-2\\sqrt{2},3+2\\sqrt{2}"));
        expect(normalizeAnswer("\\{2,1\\}")).toBe(normalizeAnswer("\\{1,2\\}"));
        expect(normalizeAnswer("\\displaystyle\\frac{22\\bigl(\\sqrt{7}\\bigr)}{23}")).toBe("(22(\\sqrt{7}))/23");
    });
});
