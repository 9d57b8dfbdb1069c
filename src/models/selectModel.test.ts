import { describe, expect, test } from "bun:test";
import { InsufficientMemoryError } from "../errors.ts";
import { loadCatalog } from "./catalog.ts";
import { selectModel } from "./selectModel.ts";

const gb = 1e9;
const catalog = loadCatalog();
/** The budget rule for RAM machines: RAM − 4 GB, never below half of it. */
const ramBudget = (ram: number) => Math.max(ram * gb - 4 * gb, (ram * gb) / 2);

describe("selectModel", () => {
    // The seed's table: 24 GB → 14B Q4_K_M × 2–3, 16 GB → 7B Q4_K_M × 3–4, 8 GB → 3B Q6_K × 2–3.
    const table = [
        { machine: "phone, 4 GB", budget: { bytes: ramBudget(4), kind: "unified" }, expected: ["qwen2.5-1.5b-instruct", "Q6_K", 3] },
        { machine: "laptop, 8 GB", budget: { bytes: ramBudget(8), kind: "ram" }, expected: ["qwen2.5-3b-instruct", "Q6_K", 3] },
        { machine: "desktop, 16 GB", budget: { bytes: ramBudget(16), kind: "ram" }, expected: ["qwen2.5-7b-instruct", "Q4_K_M", 3] },
        { machine: "workstation, 24 GB", budget: { bytes: ramBudget(24), kind: "ram" }, expected: ["qwen2.5-14b-instruct", "Q4_K_M", 3] },
        { machine: "Apple M3 Pro, 36 GB", budget: { bytes: ramBudget(36), kind: "unified" }, expected: ["qwen2.5-32b-instruct", "Q4_K_M", 3] },
        { machine: "RTX 4090, 24 GB VRAM", budget: { bytes: 24 * gb * 0.9, kind: "vram" }, expected: ["qwen2.5-14b-instruct", "Q4_K_M", 4] },
        { machine: "H100, 80 GB VRAM", budget: { bytes: 80 * gb * 0.9, kind: "vram" }, expected: ["llama-3.3-70b-instruct", "Q4_K_M", 4] }
    ] as const;

    for (const { machine, budget, expected } of table) {
        test(machine, () => {
            const choice = selectModel({ catalog, budget: { ...budget, rule: "test" }, contextSize: 2048 });
            expect([choice.model.id, choice.quant, choice.workers]).toEqual([...expected]);
            expect(choice.totalBytes).toBeLessThanOrEqual(budget.bytes);
            expect(choice.totalBytes).toBe(choice.weightsBytes + catalog.selector.overheadBytes + choice.workers * choice.perWorkerBytes);
        });
    }

    test("explains the choice in one line", () => {
        const choice = selectModel({ catalog, budget: { bytes: 12 * gb, kind: "ram", rule: "16.0 GB RAM − 4 GB for the system" }, contextSize: 2048 });
        expect(choice.explanation).toBe("Qwen2.5 7B Instruct Q4_K_M × 3 workers: 5.5 GB of 12.0 GB (16.0 GB RAM − 4 GB for the system)");
        expect(choice.explanation).not.toContain("\n");
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
        expect(selectModel({ catalog, budget, contextSize: 8192 }).perWorkerBytes).toBe(4 * selectModel({ catalog, budget, contextSize: 2048 }).perWorkerBytes);
    });

    test("too little memory is a clear error", () => {
        expect(() => selectModel({ catalog, budget: { bytes: 0.5 * gb, kind: "ram", rule: "test" }, contextSize: 2048 })).toThrow(InsufficientMemoryError);
        expect(() => selectModel({ catalog, budget: { bytes: 0.5 * gb, kind: "ram", rule: "test" }, contextSize: 2048 })).toThrow(/smallest, Qwen2.5 0.5B Instruct Q4_K_M, needs about/);
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
        expect(selectModel({ catalog, budget, contextSize: 2048 }).model.id).toBe("qwen2.5-14b-instruct");
    });
});
