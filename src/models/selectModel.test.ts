import { describe, expect, test } from "bun:test";
import { InsufficientMemoryError } from "../errors.ts";
import { loadCatalog } from "./catalog.ts";
import { selectModel } from "./selectModel.ts";

const gb = 1e9;
const catalog = loadCatalog();
/** The budget rule for RAM machines: RAM − 4 GB, never below half of it. */
const ramBudget = (ram: number) => Math.max(ram * gb - 4 * gb, (ram * gb) / 2);

describe("selectModel", () => {
    /**
     * The machines the catalog is for, phones to big GPUs, and what each gets. Thinking models
     * (Qwen3, gpt-oss) rank first where their thinking fits: 8192-token contexts per worker and,
     * CPU-only, half the speed cap, since a thinking answer takes several times the tokens.
     * Mixture-of-experts models count every weight for memory and only their active ones for speed.
     */
    const table = [
        // No thinking model fits 2 GB even without thinking; Gemma 3 1B answers directly.
        { machine: "small phone, 4 GB", budget: { bytes: ramBudget(4), kind: "unified" }, expected: ["gemma-3-1b-it", "Q8_0", 3], says: /^Gemma 3 1B Q8_0 × 3 workers/ },
        // Qwen3 4B would fit as a direct answerer but not with room to think: its non-thinking sibling.
        { machine: "phone, 8 GB", budget: { bytes: ramBudget(8), kind: "unified" }, expected: ["qwen3-4b-instruct-2507", "Q4_K_M", 3], says: /answers without thinking: Qwen3 4B Q4_K_M would need 8192-token contexts to think in/ },
        { machine: "laptop, 8 GB, 4 cores", budget: { bytes: ramBudget(8), kind: "ram", cpuCores: 4 }, expected: ["qwen3-4b-instruct-2507", "Q4_K_M", 3], says: /too slow on 4 CPU cores/ },
        { machine: "desktop, 16 GB", budget: { bytes: ramBudget(16), kind: "ram" }, expected: ["gemma-3-12b-it", "Q4_K_M", 3], says: /^Gemma 3 12B Q4_K_M × 3 workers: [\d.]+ GB of 12\.0 GB \(test\)$/ },
        { machine: "workstation, 24 GB", budget: { bytes: ramBudget(24), kind: "ram" }, expected: ["gpt-oss-20b", "MXFP4", 3], says: /thinks before it answers/ },
        // 16 cores stream 8 GB of active weights per token at thinking speed: the 30B MoE computes with 3.3B.
        { machine: "server, 64 GB, 16 cores", budget: { bytes: ramBudget(64), kind: "ram", cpuCores: 16 }, expected: ["qwen3-30b-a3b", "Q4_K_M", 3], says: /active weights kept under 8\.0 GB so 16 CPU cores stay fast/ },
        { machine: "Apple M3 Pro, 36 GB", budget: { bytes: ramBudget(36), kind: "unified" }, expected: ["qwen3-32b", "Q4_K_M", 3], says: /thinks before it answers/ },
        { machine: "RTX 4090, 24 GB VRAM", budget: { bytes: 24 * gb * 0.9, kind: "vram" }, expected: ["gpt-oss-20b", "MXFP4", 4], says: /MXFP4 × 4 workers/ },
        { machine: "H100, 80 GB VRAM", budget: { bytes: 80 * gb * 0.9, kind: "vram" }, expected: ["qwen3-32b", "Q4_K_M", 4], says: /Qwen3 32B/ }
    ] as const;

    for (const { machine, budget, expected, says } of table) {
        test(machine, () => {
            const choice = selectModel({ catalog, budget: { ...budget, rule: "test" }, contextSize: 2048 });
            expect([choice.model.id, choice.quant, choice.workers]).toEqual([...expected]);
            expect(choice.explanation).toMatch(says);
            expect(choice.totalBytes).toBeLessThanOrEqual(budget.bytes);
            expect(choice.totalBytes).toBe(choice.weightsBytes + catalog.selector.overheadBytes + choice.workers * choice.perWorkerBytes);
            // A thinking model's workers have room to think.
            if (choice.model.thinking !== "none") expect(choice.contextSize).toBeGreaterThanOrEqual(catalog.selector.thinkingContextTokens);
        });
    }

    test("explains the choice in one line", () => {
        const choice = selectModel({ catalog, budget: { bytes: 12 * gb, kind: "ram", rule: "16.0 GB RAM − 4 GB for the system" }, contextSize: 2048 });
        expect(choice.explanation).toBe("Gemma 3 12B Q4_K_M × 3 workers: 10.2 GB of 12.0 GB (16.0 GB RAM − 4 GB for the system)");
        expect(choice.explanation).not.toContain("\n");
    });

    test("the published file size is the weights' size where the catalog has it", () => {
        const choice = selectModel({ catalog, budget: { bytes: ramBudget(24), kind: "ram", rule: "test" }, contextSize: 2048 });
        expect(choice.weightsBytes).toBe(12.1e9);
    });

    test("a fixed worker count may lead to a smaller model", () => {
        const budget = { bytes: 12 * gb, kind: "ram", rule: "test" } as const;
        const many = selectModel({ catalog, budget, contextSize: 32768, workers: 8 });
        expect(many.workers).toBe(8);
        expect(many.model.parameters).toBeLessThan(selectModel({ catalog, budget, contextSize: 32768 }).model.parameters);
        expect(many.totalBytes).toBeLessThanOrEqual(budget.bytes);
    });

    test("a longer context per worker costs memory", () => {
        const budget = { bytes: 12 * gb, kind: "ram", rule: "test" } as const;
        const gemma = { ...catalog, models: catalog.models.filter((model) => model.id === "gemma-3-4b-it") };
        expect(selectModel({ catalog: gemma, budget, contextSize: 8192 }).perWorkerBytes).toBe(4 * selectModel({ catalog: gemma, budget, contextSize: 2048 }).perWorkerBytes);
    });

    test("too little memory is a clear error", () => {
        expect(() => selectModel({ catalog, budget: { bytes: 0.5 * gb, kind: "ram", rule: "test" }, contextSize: 2048 })).toThrow(InsufficientMemoryError);
        expect(() => selectModel({ catalog, budget: { bytes: 0.5 * gb, kind: "ram", rule: "test" }, contextSize: 2048 })).toThrow(/smallest, Qwen3 0\.6B Q4_K_M, needs about/);
    });
});

describe("CPU-only machines", () => {
    test("few cores cap the model's size however much RAM is free, and the explanation says so", () => {
        const budget = { bytes: ramBudget(24), kind: "ram", rule: "24.0 GB RAM − 4 GB for the system", cpuCores: 2 } as const;
        const choice = selectModel({ catalog, budget, contextSize: 2048 });
        expect(choice.weightsBytes).toBeLessThanOrEqual(2 * gb);
        expect(choice.model.parameters).toBeLessThan(4e9);
        expect(choice.explanation).toContain("so 2 CPU cores stay fast");
    });

    test("enough cores lift the cap back to the memory rule", () => {
        const budget = { bytes: ramBudget(24), kind: "ram", rule: "test", cpuCores: 16 } as const;
        expect(selectModel({ catalog, budget, contextSize: 2048 }).model.id).toBe("gpt-oss-20b");
    });

    test("a mixture-of-experts model is judged by its active weights for speed and by all of them for memory", () => {
        const moe = catalog.models.find((model) => model.id === "qwen3-30b-a3b")!;
        const dense = catalog.models.find((model) => model.id === "qwen3-32b")!;
        const only = (model: typeof moe) => ({ ...catalog, models: [model] });
        const budget = { bytes: ramBudget(64), kind: "ram", rule: "test", cpuCores: 16 } as const;
        // Same memory, 10× the speed: the MoE fits 16 cores, the dense model of its size does not.
        expect(selectModel({ catalog: only(moe), budget, contextSize: 2048 }).model.id).toBe("qwen3-30b-a3b");
        expect(() => selectModel({ catalog: only(dense), budget, contextSize: 2048 })).toThrow(InsufficientMemoryError);
        // Memory still counts every expert: 24 GB of RAM cannot hold it.
        expect(() => selectModel({ catalog: only(moe), budget: { ...budget, bytes: ramBudget(24) }, contextSize: 2048 })).toThrow(InsufficientMemoryError);
    });
});
