import fs from "node:fs";
import path from "node:path";
import { sha256File, type StoredModel } from "../../models/index.ts";
import type { ModelDescription } from "../../swarm/index.ts";

/** The served model as Ollama's tags, show and ps describe a model; `digest` is the file's sha256. */
export interface OllamaModelInfo {
    readonly name: string;
    readonly description: ModelDescription;
    readonly digest: string;
    /** "cpu" or the GPU backend that holds the weights. */
    readonly backend: string;
    readonly contextSize: number;
}

function details(info: OllamaModelInfo) {
    const { architecture, parameterSize, quantization } = info.description;
    return { parent_model: "", format: "gguf", family: architecture, families: [architecture], parameter_size: parameterSize, quantization_level: quantization };
}

/** One entry of /api/tags. */
export function tagsEntry(info: OllamaModelInfo) {
    return { name: info.name, model: info.name, modified_at: info.description.modifiedAt, size: info.description.sizeBytes, digest: info.digest, details: details(info) };
}

/** /api/ps: the model stays loaded while the server runs; on a GPU backend its weights are in VRAM. */
export function psEntry(info: OllamaModelInfo) {
    return {
        ...tagsEntry(info),
        expires_at: "9999-12-31T23:59:59Z",
        size_vram: info.backend === "cpu" ? 0 : info.description.sizeBytes,
        context_length: info.contextSize
    };
}

/** /api/show: what the GGUF says, and what this server can do with it. */
export function showModel(info: OllamaModelInfo) {
    const { description } = info;
    const arch = description.architecture;
    return {
        modelfile: `# served by local-swarm\nFROM ${description.path}\nPARAMETER num_ctx ${info.contextSize}\n`,
        parameters: `num_ctx ${info.contextSize}`,
        template: description.chatTemplate,
        details: details(info),
        model_info: {
            "general.architecture": arch,
            "general.file_type": description.quantization,
            [`${arch}.context_length`]: description.contextLength,
            [`${arch}.embedding_length`]: description.embeddingLength
        },
        capabilities: ["completion", "embedding", ...(description.infill ? ["insert"] : [])],
        modified_at: description.modifiedAt
    };
}

/** What the Ollama description needs from the engine. */
export interface DescribedEngine {
    readonly modelId: string;
    readonly contextSize: number;
    readonly backend: string;
    describe(): ModelDescription;
}

/** The served model's Ollama description, read once; hashing a large file takes seconds, so only on first use. */
export function servedModelInfo(engine: DescribedEngine): () => Promise<OllamaModelInfo> {
    let info: Promise<OllamaModelInfo> | undefined;
    return () => {
        info ??= (async () => {
            const description = engine.describe();
            return { name: engine.modelId, description, digest: await sha256File(description.path), backend: engine.backend, contextSize: engine.contextSize };
        })();
        return info;
    };
}

/** Downloaded models for /api/tags, named by their path in the models folder (what /api/delete takes); unfinished downloads and the served file are left out. */
export function storedTagsEntries(stored: readonly StoredModel[], servedPath: string) {
    return stored.filter((model) => model.complete && path.resolve(model.path) !== path.resolve(servedPath)).map((model) => ({
        name: model.relativePath,
        model: model.relativePath,
        modified_at: fs.statSync(model.path).mtime.toISOString(),
        size: model.bytes,
        digest: "",
        details: { parent_model: "", format: "gguf", family: "", families: [], parameter_size: "", quantization_level: "" }
    }));
}
