import path from "node:path";
import { GgufInsights, readGgufFileInfo, type Llama } from "node-llama-cpp";
import { InsufficientMemoryError, InvalidRequestError } from "../errors.ts";
import { formatBytes, type MemoryBudget } from "../hardware/index.ts";
import type { SelectorConfig } from "./catalog.ts";

export interface GgufMemoryEstimate {
    readonly weightsBytes: number;
    /** All workers' contexts together (one llama.cpp context with one sequence per worker). */
    readonly contextBytes: number;
    readonly totalBytes: number;
    readonly trainContextSize: number;
}

export interface EstimateGgufMemoryOptions {
    readonly modelPath: string;
    /** Context tokens per worker. */
    readonly contextSize: number;
    readonly workers: number;
    /** Count GPU memory with every layer offloaded (`true`) or RAM with none (`false`, the default). */
    readonly offload?: boolean;
    /** The loaded llama.cpp bindings, for the estimate of its backend; default: node-llama-cpp's backend-less one. */
    readonly llama?: Llama;
}

/**
 * Memory for a GGUF file and its workers, from node-llama-cpp's GGUF insights: the weights once, and
 * one context of `workers` sequences of `contextSize` tokens each (workers share the weights).
 */
export async function estimateGgufMemory(options: EstimateGgufMemoryOptions): Promise<GgufMemoryEstimate> {
    const insights = await readInsights(options.modelPath, options.llama);
    const gpuLayers = options.offload === true ? insights.totalLayers : 0;
    const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
    const context = await insights.estimateContextResourceRequirementsV2({
        contextSize: Math.min(options.contextSize, insights.trainContextSize ?? options.contextSize),
        modelGpuLayers: gpuLayers,
        sequences: options.workers
    });
    const pick = (requirements: { cpuRam: number; gpuVram: number }) => (options.offload === true ? requirements.gpuVram : requirements.cpuRam);
    return {
        weightsBytes: pick(model),
        contextBytes: pick(context),
        totalBytes: pick(model) + pick(context),
        trainContextSize: insights.trainContextSize ?? options.contextSize
    };
}

export interface ModelFilePlan {
    readonly workers: number;
    readonly estimate: GgufMemoryEstimate;
    readonly explanation: string;
}

/**
 * How many workers a known GGUF file can run within the budget: `workers` when fixed (and it fits),
 * else the most up to the selector's maximum for the budget's kind.
 */
export async function planModelFile(options: {
    readonly modelPath: string;
    readonly budget: Pick<MemoryBudget, "bytes" | "kind" | "rule">;
    readonly contextSize: number;
    readonly selector: SelectorConfig;
    readonly workers?: number;
    readonly llama?: Llama;
}): Promise<ModelFilePlan> {
    const offload = options.budget.kind === "vram";
    const counts = options.workers != null ? [options.workers] : descending(options.selector.maxWorkers[options.budget.kind]);
    let last: GgufMemoryEstimate | undefined;
    for (const workers of counts) {
        const estimate = await estimateGgufMemory({ modelPath: options.modelPath, contextSize: options.contextSize, workers, offload, ...(options.llama != null ? { llama: options.llama } : {}) });
        last = estimate;
        if (estimate.totalBytes + options.selector.overheadBytes > options.budget.bytes) continue;
        const total = estimate.totalBytes + options.selector.overheadBytes;
        return {
            workers,
            estimate,
            explanation: `${path.basename(options.modelPath)} × ${workers} worker${workers === 1 ? "" : "s"}: ${formatBytes(total)} of ${formatBytes(options.budget.bytes)} (${options.budget.rule})`
        };
    }
    const needed = (last?.totalBytes ?? 0) + options.selector.overheadBytes;
    throw new InsufficientMemoryError(
        `${path.basename(options.modelPath)} needs about ${formatBytes(needed)} with ${counts.at(-1)} worker(s) but the budget is ${formatBytes(options.budget.bytes)} (${options.budget.rule}). ` +
        "Lower --workers or --context-size, or choose a smaller model."
    );
}

function descending(from: number): number[] {
    return Array.from({ length: Math.max(1, from) }, (_, index) => from - index);
}

async function readInsights(modelPath: string, llama: Llama | undefined): Promise<GgufInsights> {
    try {
        return await GgufInsights.from(await readGgufFileInfo(modelPath), llama);
    } catch (error) {
        throw new InvalidRequestError(`${modelPath} is not a readable GGUF model: ${(error as Error).message}`, { code: "invalid_model", param: "model", cause: error });
    }
}
