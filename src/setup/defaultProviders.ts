import fs from "node:fs";
import path from "node:path";
import type { Settings, UserPaths } from "../config/index.ts";
import { InsufficientMemoryError, InvalidRequestError } from "../errors.ts";
import { detectHardware, formatBytes, memoryBudget, selectGpuBackend, type HardwareReport } from "../hardware/index.ts";
import { estimateFromCatalog, listStoredModels, loadCatalog, modelsDir, preferredQuants, pullModel, resolveModelRef, selectModel } from "../models/index.ts";
import type { ModelOption, SetupProviders } from "./setupProviders.ts";

/**
 * The wizard's providers from the hardware and models domains: the probed machine and its memory
 * budget, the catalog model that fits (recommended) with the other catalog models and the files
 * already downloaded as alternatives, and downloads through the model store.
 */
export function defaultProviders(paths: UserPaths, settings: Settings): SetupProviders {
    const dir = modelsDir(paths);
    const catalog = loadCatalog(settings.catalog);
    let report: Promise<HardwareReport> | undefined;
    const machine = () => (report ??= detectHardware());
    return {
        async describeHardware() {
            const found = await machine();
            const budget = memoryBudget(found);
            const backend = selectGpuBackend(found, settings.gpu);
            return {
                lines: [
                    `CPU:     ${found.cpu.model}, ${found.cpu.availableCores} cores available`,
                    `Memory:  ${formatBytes(found.memory.totalBytes)}, ${formatBytes(found.memory.availableBytes)} available`,
                    `GPUs:    ${found.gpus.length === 0 ? "none found" : found.gpus.map((gpu) => gpu.name + (gpu.memoryBytes != null ? ` (${formatBytes(gpu.memoryBytes)})` : "")).join(", ")}`,
                    `Backend: ${backend.gpu === false ? "cpu" : backend.gpu} (${backend.reason})`,
                    `Budget:  ${formatBytes(budget.bytes)} for models (${budget.rule})`
                ]
            };
        },
        async modelOptions() {
            const budget = memoryBudget(await machine());
            const options: ModelOption[] = [];
            let recommendedId: string | undefined;
            try {
                const choice = selectModel({ catalog, budget, contextSize: settings.contextSize });
                recommendedId = choice.model.id;
                options.push({ label: `${choice.model.name} ${choice.quant}`, hint: choice.explanation, ref: `${choice.model.id}:${choice.quant}`, workers: choice.workers });
            } catch (error) {
                if (!(error instanceof InsufficientMemoryError)) throw error;
            }
            for (const model of [...catalog.models].sort((a, b) => b.priority - a.priority || b.parameters - a.parameters)) {
                const quant = preferredQuants(catalog, model)[0];
                if (model.id === recommendedId || quant == null) continue;
                const { weightsBytes } = estimateFromCatalog(catalog, model, quant, settings.contextSize);
                const fits = weightsBytes <= budget.bytes * catalog.selector.maxWeightsShare;
                options.push({ label: `${model.name} ${quant}`, hint: `${formatBytes(weightsBytes)} of weights${fits ? "" : ", more than this machine's budget"}`, ref: `${model.id}:${quant}` });
            }
            for (const stored of listStoredModels(dir).filter((model) => model.complete))
                options.push({ label: stored.relativePath, hint: `${formatBytes(stored.bytes)}, already downloaded`, ref: stored.path });
            options.push({ label: "Another model", hint: "a .gguf file, an http(s) URL or hf:<org>/<repo>/<file>.gguf" });
            return options;
        },
        async fetchModel(ref, onProgress, signal) {
            if (!/^(hf:|https?:\/\/)/i.test(ref) && (ref.endsWith(".gguf") || ref.includes(path.sep))) {
                const file = path.resolve(ref);
                if (!fs.existsSync(file)) throw new InvalidRequestError(`there is no model file at ${file}`);
                return file;
            }
            const source = resolveModelRef(ref, { catalog, hfEndpoint: settings.hfEndpoint });
            const token = settings.hfToken ?? process.env.HF_TOKEN;
            await pullModel({
                source,
                modelsDir: dir,
                hfEndpoint: settings.hfEndpoint,
                ...(token != null && token !== "" ? { hfToken: token } : {}),
                stallTimeoutMs: settings.downloadTimeout * 1000,
                onProgress,
                signal
            });
            return ref;
        }
    };
}
