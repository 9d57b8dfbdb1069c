import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testModelPath } from "../../test/support/testModel.ts";
import { InsufficientMemoryError, InvalidRequestError } from "../errors.ts";
import { loadCatalog } from "./catalog.ts";
import { estimateGgufMemory, planModelFile } from "./estimateGgufMemory.ts";

const { selector } = loadCatalog();

describe("estimateGgufMemory (the real test model)", () => {
    test("weights once, context per worker", async () => {
        const modelPath = await testModelPath();
        const one = await estimateGgufMemory({ modelPath, contextSize: 256, workers: 1 });
        const three = await estimateGgufMemory({ modelPath, contextSize: 256, workers: 3 });
        // stories260K.gguf is 1.2 MB of weights; its KV cache is about 1 MB per 256-token sequence.
        expect(one.weightsBytes).toBeGreaterThan(1_000_000);
        expect(one.weightsBytes).toBeLessThan(2_000_000);
        expect(three.weightsBytes).toBe(one.weightsBytes);
        expect(three.contextBytes).toBeGreaterThan(one.contextBytes);
        expect(three.totalBytes).toBe(three.weightsBytes + three.contextBytes);
        expect(one.trainContextSize).toBe(2048);
    });

    test("the workers a budget allows", async () => {
        const modelPath = await testModelPath();
        const plan = await planModelFile({ modelPath, budget: { bytes: 4e9, kind: "ram", rule: "test" }, contextSize: 256, selector });
        expect(plan.workers).toBe(selector.maxWorkers.ram);
        expect(plan.explanation).toMatch(/^stories260K\.gguf × 3 workers: [\d.]+ MB of 4\.0 GB \(test\)$/);
        const fixed = await planModelFile({ modelPath, budget: { bytes: 4e9, kind: "ram", rule: "test" }, contextSize: 256, selector, workers: 7 });
        expect(fixed.workers).toBe(7);
        await expect(planModelFile({ modelPath, budget: { bytes: 1e6, kind: "ram", rule: "test" }, contextSize: 256, selector })).rejects.toThrow(InsufficientMemoryError);
    });

    test("a file that is not GGUF is a typed error", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-gguf-")), "fake.gguf");
        fs.writeFileSync(file, "not a gguf file at all");
        try {
            await expect(estimateGgufMemory({ modelPath: file, contextSize: 256, workers: 1 })).rejects.toThrow(InvalidRequestError);
        } finally {
            fs.rmSync(path.dirname(file), { recursive: true, force: true });
        }
    });
});
