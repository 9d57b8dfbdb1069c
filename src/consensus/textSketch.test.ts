import { expect, test } from "bun:test";
import { mulberry32 } from "./mulberry32.ts";
import { textSimilarity } from "./textSimilarity.ts";
import { sketchSimilarity, textSketch } from "./textSketch.ts";
import { tokenize } from "./tokenize.ts";

const sketched = (a: string, b: string) => sketchSimilarity(textSketch(tokenize(a)), textSketch(tokenize(b)));

/** `count` words drawn from a vocabulary of 5,000, seeded. */
function words(count: number, seed: number): string[] {
    const next = mulberry32(seed);
    return Array.from({ length: count }, () => `w${Math.floor(next() * 5000)}`);
}

test("short texts: the sketch gives the exact similarity", () => {
    const pairs: [string, string][] = [
        ["return sorted(set(xs))", "return sorted(list(set(xs)))"],
        ["Hello,   World", "hello, world"],
        ["alpha beta", "gamma delta"],
        ["", ""],
        ["", "x"]
    ];
    for (const [a, b] of pairs) expect(sketched(a, b)).toBeCloseTo(textSimilarity(a, b), 12);
});

test("long texts: the sketch estimates the similarity within a few hundredths, and knows equal and unrelated texts", () => {
    const base = words(3000, 1);
    for (const [keep, seed] of [[0.9, 2], [0.5, 3], [0.2, 4]] as const) {
        // Replace a random share of the words: the n-gram overlap falls with it.
        const next = mulberry32(seed);
        const other = words(3000, seed + 100);
        const changed = base.map((word, index) => (next() < keep ? word : other[index]!));
        const exact = textSimilarity(base.join(" "), changed.join(" "));
        expect(Math.abs(sketched(base.join(" "), changed.join(" ")) - exact)).toBeLessThan(0.08);
    }
    expect(sketched(base.join(" "), base.join(" "))).toBe(1);
    expect(sketched(base.join(" "), words(3000, 9).join(" "))).toBeLessThan(0.2);
});
