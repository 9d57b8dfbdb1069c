import { expect, test } from "bun:test";
import { textSimilarity } from "./textSimilarity.ts";

test("similarity is 1 for equal token sequences, 0 for nothing shared, symmetric in between", () => {
    expect(textSimilarity("Hello,   World", "hello, world")).toBe(1);
    expect(textSimilarity("alpha beta", "gamma delta")).toBe(0);
    const a = "return sorted(set(xs))";
    const b = "return sorted(list(set(xs)))";
    expect(textSimilarity(a, b)).toBeCloseTo(textSimilarity(b, a), 12);
    expect(textSimilarity(a, b)).toBeGreaterThan(textSimilarity(a, "print(xs)"));
    expect(textSimilarity("", "")).toBe(1);
    expect(textSimilarity("", "x")).toBe(0);
});
