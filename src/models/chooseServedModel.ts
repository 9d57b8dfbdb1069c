import fs from "node:fs";
import { ConfigError, InsufficientMemoryError } from "../errors.ts";
import { formatBytes, memoryBudget, type HardwareReport } from "../hardware/index.ts";
import { loadCatalog } from "./catalog.ts";
import type { DownloadProgress } from "./downloadModel.ts";
import { estimateGgufMemory, planModelFile } from "./estimateGgufMemory.ts";
import { storedModelPath } from "./modelStore.ts";
import { pullModel } from "./pullModel.ts";
import { resolveModelRef, type ModelSource } from "./resolveModelRef.ts";
import { selectModel } from "./selectModel.ts";

export interface ChooseServedModelOptions {
    /** The `model` setting: a GGUF file path, a model reference, or unset to pick one for this machine. */
    readonly model?: string;
    /** A fixed worker count; 0 or absent = as many as the budget allows, up to the selector's maximum. */
    readonly workers?: number;
    readonly contextSize: number;
    readonly catalogFile?: string;
    readonly hfEndpoint: string;
    readonly hfToken?: string;
    readonly stallTimeoutMs: number;
    readonly modelsDir: string;
    readonly report: HardwareReport;
    /** Called before the model is downloaded, when it is not there yet. */
    readonly onDownload?: (source: ModelSource) => void;
    readonly onProgress?: (progress: DownloadProgress) => void;
}

export interface ServedModel {
    readonly path: string;
    readonly workers: number;
    /** One line on the choice and its memory, or a warning that it may not fit. */
    readonly explanation: string;
    readonly fits: boolean;
    /**
     * Context tokens per worker: the setting's, or more for an automatically chosen thinking model,
     * whose workers need room to think (the selector kept memory for it).
     */
    readonly contextSize: number;
}

/**
 * The GGUF file to serve: the `model` setting's file; or the file of a model reference, downloaded
 * into the models directory if it is not there yet; or, with no `model` setting, the catalog model
 * that best fits this machine's memory budget with the configured workers. A file's fit is checked
 * against the budget from the GGUF itself, which also gives the worker count when none is fixed; a
 * file that may not fit the budget is served anyway (with the fixed count, else the selector's
 * minimum) and a warning in the explanation, since its user chose it — unless it cannot fit in the
 * machine's RAM at all (GPU budgets aside, where llama.cpp spills layers to RAM): that one is refused
 * with InsufficientMemoryError before loading, rather than left to the OOM killer.
 */
export async function chooseServedModel(options: ChooseServedModelOptions): Promise<ServedModel> {
    const budget = memoryBudget(options.report);
    const workers = options.workers != null && options.workers > 0 ? { workers: options.workers } : {};
    const catalog = loadCatalog(options.catalogFile);
    let modelPath: string;
    let selected: string | undefined;
    let contextSize = options.contextSize;
    if (options.model != null && options.model !== "" && fs.existsSync(options.model)) {
        modelPath = options.model;
    } else {
        if (options.model != null && options.model !== "" && looksLikeFile(options.model))
            throw new ConfigError(`model file ${options.model} does not exist`, { param: "model" });
        let ref = options.model;
        if (ref == null || ref === "") {
            const choice = selectModel({ catalog, budget, contextSize: options.contextSize, ...workers });
            ref = `${choice.model.id}:${choice.quant}`;
            selected = choice.explanation;
            contextSize = choice.contextSize;
        }
        const source = resolveModelRef(ref, { catalog, hfEndpoint: options.hfEndpoint });
        if (!fs.existsSync(storedModelPath(options.modelsDir, source))) options.onDownload?.(source);
        const pulled = await pullModel({
            source,
            modelsDir: options.modelsDir,
            hfEndpoint: options.hfEndpoint,
            stallTimeoutMs: options.stallTimeoutMs,
            ...(options.hfToken != null ? { hfToken: options.hfToken } : {}),
            ...(options.onProgress != null ? { onProgress: options.onProgress } : {})
        });
        modelPath = pulled.path;
    }
    try {
        const plan = await planModelFile({ modelPath, budget, contextSize, selector: catalog.selector, ...workers });
        return { path: modelPath, workers: plan.workers, explanation: selected ?? plan.explanation, fits: true, contextSize };
    } catch (error) {
        if (!(error instanceof InsufficientMemoryError)) throw error;
        const count = workers.workers ?? catalog.selector.minWorkers;
        if (budget.kind !== "vram") {
            // The weights and contexts alone (no runtime overhead): past the RAM, the load can only end in the OOM killer.
            const { totalBytes } = await estimateGgufMemory({ modelPath, contextSize, workers: count });
            if (totalBytes > options.report.memory.totalBytes)
                throw new InsufficientMemoryError(
                    `Refusing to load the model: ${error.message} Its weights and contexts alone take ${formatBytes(totalBytes)}, more than all ${formatBytes(options.report.memory.totalBytes)} of this machine's RAM.`,
                    { cause: error }
                );
        }
        return { path: modelPath, workers: count, explanation: `${error.message} Serving it anyway with ${count} workers.`, fits: false, contextSize };
    }
}

function looksLikeFile(model: string): boolean {
    return !model.startsWith("hf:") && !/^https?:\/\//i.test(model) && (model.includes("/") || model.includes("\\") || model.toLowerCase().endsWith(".gguf"));
}
