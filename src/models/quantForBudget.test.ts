import { expect, test } from "bun:test";
import { loadCatalog } from "./catalog.ts";
import { fitForBudget, quantForBudget } from "./quantForBudget.ts";
import { selectModel } from "./selectModel.ts";

const catalog = loadCatalog(undefined);
/** A 2-core machine with 21 GB for models: weights are capped at 2 GB by the CPU, not by memory. */
const budget = { bytes: 21.3e9, kind: "ram" as const, rule: "test", cpuCores: 2 };

test("a model's quantization for this budget is the one the recommendation picks", () => {
    const recommended = selectModel({ catalog, budget, contextSize: 4096 });
    expect(quantForBudget(recommended.model, { catalog, budget, contextSize: 4096 })).toBe(recommended.quant);
});

test("fit: memory first, then the CPU", () => {
    expect(fitForBudget(catalog, budget, 1e9)).toBe("fits");
    expect(fitForBudget(catalog, budget, 5e9)).toBe("slow here");
    expect(fitForBudget(catalog, budget, 40e9)).toBe("too big");
});
