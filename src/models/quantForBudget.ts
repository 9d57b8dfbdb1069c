import { InsufficientMemoryError } from "../errors.ts";
import type { MemoryBudget } from "../hardware/index.ts";
import type { Catalog, CatalogModel } from "./catalog.ts";
import { preferredQuants, selectModel, type SelectModelOptions } from "./selectModel.ts";

/**
 * The quantization of one catalog model that this machine's budget takes: the one the selector
 * would pick were this the only model, so `models list`, `models pull <name>`, the wizard and the
 * recommendation agree. A model that does not fit gets its smallest preferred quantization.
 */
export function quantForBudget(model: CatalogModel, options: Omit<SelectModelOptions, "workers">): string {
    const catalog: Catalog = { ...options.catalog, models: [model] };
    try {
        return selectModel({ ...options, catalog }).quant;
    } catch (error) {
        if (!(error instanceof InsufficientMemoryError)) throw error;
        return preferredQuants(catalog, model).at(-1) ?? model.quants[0] ?? "";
    }
}

/** Whether weights of this size suit the budget, by the selector's own limits: memory first, then CPU speed. */
export function fitForBudget(catalog: Catalog, budget: Pick<MemoryBudget, "bytes" | "kind" | "cpuCores">, weightsBytes: number): "fits" | "too big" | "slow here" {
    if (weightsBytes > budget.bytes * catalog.selector.maxWeightsShare) return "too big";
    if (budget.kind === "ram" && budget.cpuCores != null && weightsBytes > budget.cpuCores * catalog.selector.cpuWeightsBytesPerCore) return "slow here";
    return "fits";
}
