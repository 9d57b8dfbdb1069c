import os from "node:os";
import type { Settings, UserPaths } from "../config/index.ts";
import { InsufficientMemoryError } from "../errors.ts";
import { detectHardware, formatBytes, memoryBudget, selectGpuBackend, type HardwareReport } from "../hardware/index.ts";
import { estimateFromCatalog, findLocalModels, isLocalModelRef, localModelFile, listStoredModels, loadCatalog, modelsDir, pullModel, quantForBudget, fitForBudget, resolveModelRef, selectModel, validateGguf } from "../models/index.ts";
import type { ModelOption, SetupProviders } from "./setupProviders.ts";

/**
 * The wizard's providers from the hardware and models domains: the probed machine and its memory
 * budget; as model choices the current one, the catalog model that fits (recommended), a file on
 * this machine (with the GGUF files found in the usual places), the downloaded files and the other
 * catalog models with their download size and fit; downloads through the model store.
 */
export function defaultProviders(paths: UserPaths, settings: Settings): SetupProviders {
    const dir = modelsDir(paths);
    const catalog = loadCatalog(settings.catalog);
    const home = process.env.HOME ?? os.homedir();
    let report: Promise<HardwareReport> | undefined;
    const machine = () => (report ??= detectHardware());
    const localFile = (typed: string) => localModelFile(typed, home);
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
        async modelOptions(current) {
            const budget = memoryBudget(await machine());
            const options: ModelOption[] = [];
            if (current != null) options.push({ label: `${current} (current)`, hint: "the model the config names now", ref: current });
            let recommendedId: string | undefined;
            try {
                const choice = selectModel({ catalog, budget, contextSize: settings.contextSize });
                recommendedId = choice.model.id;
                const { weightsBytes } = estimateFromCatalog(catalog, choice.model, choice.quant, settings.contextSize);
                options.push({ label: `${choice.model.name} ${choice.quant} (recommended) · ${formatBytes(weightsBytes)}, fits`, hint: choice.explanation, ref: `${choice.model.id}:${choice.quant}`, workers: choice.workers });
            } catch (error) {
                if (!(error instanceof InsufficientMemoryError)) throw error;
            }
            const local = findLocalModels({ home, cwd: process.cwd(), ...(process.env.OLLAMA_MODELS != null ? { ollamaDir: process.env.OLLAMA_MODELS } : {}) });
            options.push({ label: "A model file on this machine", hint: local.length > 0 ? `a .gguf path; ${local.length} found, listed next` : "a .gguf path, e.g. ~/Downloads/model.gguf", ask: "file" });
            for (const model of local) options.push({ label: `${model.name} · ${formatBytes(model.bytes)}, in ${model.where}`, hint: model.path, ref: model.path });
            for (const stored of listStoredModels(dir).filter((model) => model.complete))
                options.push({ label: `${stored.relativePath} · ${formatBytes(stored.bytes)}, downloaded`, ref: stored.path });
            for (const model of [...catalog.models].sort((a, b) => b.priority - a.priority || b.parameters - a.parameters)) {
                if (model.id === recommendedId) continue;
                const quant = quantForBudget(model, { catalog, budget, contextSize: settings.contextSize });
                const { weightsBytes } = estimateFromCatalog(catalog, model, quant, settings.contextSize);
                const fit = fitForBudget(catalog, budget, weightsBytes);
                options.push({ label: `${model.name} ${quant} · ${formatBytes(weightsBytes)} download, ${fit === "too big" ? "too big for this machine" : fit}`, ref: `${model.id}:${quant}` });
            }
            options.push({ label: "A URL or a Hugging Face file", hint: "an http(s) URL or hf:<org>/<repo>/<file>.gguf", ask: "remote" });
            return options.filter((option, index) => option.ref == null || options.findIndex((other) => other.ref === option.ref) === index);
        },
        localFile,
        isLocal: isLocalModelRef,
        usesHuggingFace: (ref) => !isLocalModelRef(ref) && !/^https?:\/\//i.test(ref),
        async fetchModel(ref, hfEndpoint, onProgress, signal) {
            if (isLocalModelRef(ref)) {
                const file = localFile(ref);
                await validateGguf(file);
                return file;
            }
            const endpoint = hfEndpoint ?? settings.hfEndpoint;
            const source = resolveModelRef(ref, { catalog, hfEndpoint: endpoint });
            const token = settings.hfToken ?? process.env.HF_TOKEN;
            await pullModel({
                source,
                modelsDir: dir,
                hfEndpoint: endpoint,
                ...(token != null && token !== "" ? { hfToken: token } : {}),
                stallTimeoutMs: settings.downloadTimeout * 1000,
                onProgress,
                signal
            });
            return ref;
        }
    };
}
