import { expect, test } from "bun:test";
import { workerSeed, workerTemperature } from "./workerSampling.ts";

test("temperatures spread evenly around the request's, never below 0", () => {
    expect([0, 1, 2].map((worker) => workerTemperature(0.7, 0.3, worker, 3))).toEqual([0.55, 0.7, 0.85]);
    expect(workerTemperature(0.1, 0.4, 0, 2)).toBe(0);
    expect(workerTemperature(0, 0.3, 1, 3)).toBe(0);
    expect(workerTemperature(0.7, 0.3, 0, 1)).toBe(0.7);
});

test("seeds differ per worker and stay 32-bit", () => {
    expect(workerSeed(41, 1)).toBe(42);
    expect(workerSeed(2 ** 32 - 1, 1)).toBe(0);
});
