import { InsufficientMemoryError } from "../errors.ts";
import { formatBytes, type MemoryBudget } from "../hardware/index.ts";
import type { Catalog, CatalogModel } from "./catalog.ts";

/** The chosen model, quantization and worker count, with its memory estimate. */
export interface ModelChoice {
    readonly model: CatalogModel;
    readonly quant: string;
    readonly workers: number;
    readonly contextSize: number;
    readonly weightsBytes: number;
    /** Context (KV cache) each worker adds; workers share the weights. */
    readonly perWorkerBytes: number;
    readonly totalBytes: number;
    readonly budgetBytes: number;
    /** One line, e.g. "Gemma 3 12B Q4_K_M × 3 workers: 10.2 GB of 12.0 GB (16.0 GB RAM − 4 GB for the system)". */
    readonly explanation: string;
}

export interface SelectModelOptions {
    readonly catalog: Catalog;
    readonly budget: Pick<MemoryBudget, "bytes" | "kind" | "rule" | "cpuCores">;
    /** Context tokens per worker. */
    readonly contextSize: number;
    /** A fixed worker count; default: as many as fit, up to the selector's maximum for the budget's kind. */
    readonly workers?: number;
}

/**
 * Picks the best model for the budget: models are tried from the highest priority down and, for
 * each, its quantizations from the best the selector prefers for its size down to Q4_K_M. The first
 * that fits wins: weights at most `maxWeightsShare` of the budget (the rest goes to the workers'
 * contexts and keeps tokens fast, since generation speed falls with weight size) and at least
 * `minWorkers` (or the fixed `workers`) within the whole budget. Memory counts every weight (a
 * mixture-of-experts model keeps all its experts loaded); the CPU-only speed cap counts the weights
 * a token computes with (its active parameters). A thinking model also needs room for its thinking
 * (`thinkingContextTokens` per worker) and, CPU-only, a smaller share of the speed cap; where it
 * has neither, a non-thinking model is chosen and the explanation says why.
 */
export function selectModel({ catalog, budget, contextSize, workers }: SelectModelOptions): ModelChoice {
    const { selector } = catalog;
    const cpuCap = budget.kind === "ram" && budget.cpuCores != null ? budget.cpuCores * selector.cpuWeightsBytesPerCore : Number.POSITIVE_INFINITY;
    const ranked = [...catalog.models].sort((a, b) => b.priority - a.priority || b.parameters - a.parameters);
    const fit = (model: CatalogModel, quant: string, context: number, speedCap: number): Fit => {
        const estimate = estimateFromCatalog(catalog, model, quant, context);
        if (activeWeightsBytes(model, estimate.weightsBytes) > speedCap) return { why: "speed" };
        if (estimate.weightsBytes > budget.bytes * selector.maxWeightsShare) return { why: "memory" };
        const fitting = Math.floor((budget.bytes - estimate.weightsBytes - selector.overheadBytes) / estimate.perWorkerBytes);
        const count = workers ?? Math.min(selector.maxWorkers[budget.kind], fitting);
        if (fitting < count || count < (workers ?? selector.minWorkers)) return { why: "memory" };
        return { estimate, count };
    };
    let thinkingPassed: string | undefined;
    for (const model of ranked) {
        const thinks = model.thinking !== "none";
        // Room to think, within what the model was trained for.
        const context = thinks ? Math.max(contextSize, Math.min(selector.thinkingContextTokens, model.contextLength)) : contextSize;
        const speedCap = thinks ? cpuCap * selector.thinkingCpuShare : cpuCap;
        for (const quant of preferredQuants(catalog, model)) {
            const found = fit(model, quant, context, speedCap);
            if (found.estimate == null) {
                // Remember the best thinking model that would have fitted as a direct answerer.
                if (thinks && thinkingPassed == null && fit(model, quant, contextSize, cpuCap).estimate != null)
                    thinkingPassed = found.why === "speed"
                        ? `${model.name} ${quant} would think first, several times the tokens, too slow on ${budget.cpuCores} CPU cores`
                        : `${model.name} ${quant} would need ${selector.thinkingContextTokens}-token contexts to think in`;
                continue;
            }
            const capped = Number.isFinite(cpuCap) && ranked.some((other) => other.parameters > model.parameters && other.priority >= model.priority);
            return choice(model, quant, found.count, context, found.estimate, budget, selector.overheadBytes, capped ? speedCap : undefined, thinks ? undefined : thinkingPassed);
        }
    }
    const smallest = [...catalog.models].sort((a, b) => a.parameters - b.parameters)[0];
    const smallestQuant = smallest == null ? undefined : preferredQuants(catalog, smallest).at(-1);
    let need = "";
    if (smallest != null && smallestQuant != null) {
        const estimate = estimateFromCatalog(catalog, smallest, smallestQuant, contextSize);
        const bytes = Math.max(estimate.weightsBytes / selector.maxWeightsShare, estimate.weightsBytes + selector.overheadBytes + (workers ?? selector.minWorkers) * estimate.perWorkerBytes);
        need = ` The smallest, ${smallest.name} ${smallestQuant}, needs about ${formatBytes(bytes)}.`;
    }
    throw new InsufficientMemoryError(
        `No catalog model fits the memory budget of ${formatBytes(budget.bytes)} (${budget.rule}) with ${workers ?? selector.minWorkers} workers.${need} ` +
        "Lower --workers or --context-size, or serve a smaller GGUF file with --model."
    );
}

/** Why a model and quantization do not fit, or the estimate and worker count they fit with. */
type Fit = { readonly why: "speed" | "memory"; readonly estimate?: undefined; readonly count?: undefined } | { readonly why?: undefined; readonly estimate: { weightsBytes: number; perWorkerBytes: number }; readonly count: number };

/** The weights one token computes with: all of them, or a mixture-of-experts model's active share. */
function activeWeightsBytes(model: CatalogModel, weightsBytes: number): number {
    return model.activeParameters == null ? weightsBytes : weightsBytes * (model.activeParameters / model.parameters);
}

/** The quantizations the selector tries for a model, best first, that its repository has. */
export function preferredQuants(catalog: Catalog, model: CatalogModel): string[] {
    const tier = catalog.selector.quantPreference.find((entry) => model.parameters <= entry.maxParameters) ?? catalog.selector.quantPreference.at(-1);
    const wanted = (tier?.quants ?? []).filter((quant) => model.quants.includes(quant) && catalog.bitsPerWeight[quant] != null);
    return wanted.length > 0 ? wanted : model.quants.filter((quant) => catalog.bitsPerWeight[quant] != null).slice(0, 1);
}

/**
 * Memory from the catalog alone: the file's published size (else parameters × bits per weight),
 * and the f16 KV cache per worker.
 */
export function estimateFromCatalog(catalog: Catalog, model: CatalogModel, quant: string, contextSize: number): { weightsBytes: number; perWorkerBytes: number } {
    const bits = catalog.bitsPerWeight[quant];
    if (bits == null) throw new InsufficientMemoryError(`Unknown quantization ${quant} for ${model.name}; known: ${Object.keys(catalog.bitsPerWeight).join(", ")}`);
    return {
        weightsBytes: model.sizes?.[quant]?.bytes ?? Math.ceil(model.parameters * bits / 8),
        perWorkerBytes: model.kvBytesPerToken * Math.min(contextSize, model.contextLength)
    };
}

function choice(
    model: CatalogModel,
    quant: string,
    workers: number,
    contextSize: number,
    estimate: { weightsBytes: number; perWorkerBytes: number },
    budget: Pick<MemoryBudget, "bytes" | "rule" | "cpuCores">,
    overheadBytes: number,
    cpuCap: number | undefined,
    thinkingPassed: string | undefined
): ModelChoice {
    const totalBytes = estimate.weightsBytes + overheadBytes + workers * estimate.perWorkerBytes;
    return {
        model,
        quant,
        workers,
        contextSize,
        ...estimate,
        totalBytes,
        budgetBytes: budget.bytes,
        explanation: `${model.name} ${quant} × ${workers} worker${workers === 1 ? "" : "s"}: ${formatBytes(totalBytes)} of ${formatBytes(budget.bytes)} (${budget.rule})` +
            (cpuCap == null ? "" : `; ${model.activeParameters == null ? "weights" : "active weights"} kept under ${formatBytes(cpuCap)} so ${budget.cpuCores} CPU cores stay fast`) +
            (model.thinking === "none" ? "" : "; thinks before it answers") +
            (thinkingPassed == null ? "" : `; answers without thinking: ${thinkingPassed}`)
    };
}
