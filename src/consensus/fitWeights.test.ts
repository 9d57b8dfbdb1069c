import { expect, test } from "bun:test";
import { fitWeights } from "./fitWeights.ts";

test("a more accurate model gets a larger weight; mean weight is 1", () => {
    const decisions = Array.from({ length: 20 }, (_, index) => ({
        gold: "4",
        candidates: [
            { text: "The answer is 4", model: "good" },
            { text: index % 4 === 0 ? "The answer is 4" : "The answer is 5", model: "weak" }
        ]
    }));
    const { weights, fits, accuracy } = fitWeights(decisions);
    expect(accuracy.end).toBeGreaterThanOrEqual(accuracy.start);
    expect(weights.good!).toBeGreaterThan(weights.weak!);
    expect((weights.good! + weights.weak!) / 2).toBeCloseTo(1, 3);
    expect(fits.find((fit) => fit.model === "weak")).toMatchObject({ samples: 20, correct: 5 });
});
