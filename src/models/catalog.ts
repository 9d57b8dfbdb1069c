import fs from "node:fs";
import modelMetadata from "../../config/models/model_metadata.json" with { type: "json" };
import quantSizes from "../../config/models/gguf_quant_sizes.json" with { type: "json" };
import selectorConfig from "../../config/models/selector_config.json" with { type: "json" };
import { ConfigError } from "../errors.ts";

/** One model the selector may choose, with where its GGUF files are on Hugging Face. */
export interface CatalogModel {
    readonly id: string;
    readonly name: string;
    readonly family: string;
    /** Parameter count. */
    readonly parameters: number;
    readonly license: string;
    /** Higher is better; the selector tries models from the highest priority down. */
    readonly priority: number;
    readonly contextLength: number;
    /** f16 KV cache bytes per token of context: 2 (K and V) × layers × KV heads × head size × 2 bytes. */
    readonly kvBytesPerToken: number;
    /** Hugging Face repository, `org/name`. */
    readonly repo: string;
    /** File name in the repository; `{quant}` is replaced by the quantization. */
    readonly file: string;
    /** Quantizations the repository has. */
    readonly quants: readonly string[];
    /** sha256 of a quantization's file, where known. */
    readonly sha256?: Readonly<Record<string, string>>;
}

export interface SelectorConfig {
    /** Quantizations to try, best first, for models up to `maxParameters`. */
    readonly quantPreference: readonly { readonly maxParameters: number; readonly quants: readonly string[] }[];
    /** The weights may take at most this share of the budget; the rest is for the workers' contexts. */
    readonly maxWeightsShare: number;
    readonly minWorkers: number;
    readonly maxWorkers: Readonly<Record<"vram" | "unified" | "ram", number>>;
    /** Compute buffers and runtime, once per process. */
    readonly overheadBytes: number;
    /**
     * CPU-only machines: weights allowed per available core. Generating a token streams all the
     * weights through the cores, so a model far larger than the cores can stream is unusably slow
     * however much RAM is free.
     */
    readonly cpuWeightsBytesPerCore: number;
}

export interface Catalog {
    readonly models: readonly CatalogModel[];
    /** Average bits per weight of each GGUF quantization. */
    readonly bitsPerWeight: Readonly<Record<string, number>>;
    readonly selector: SelectorConfig;
}

/**
 * The built-in catalog (embedded in the binary), extended by a user file when one is given: a JSON
 * object `{"models": [...]}` in the built-in format, whose entries add to the catalog or replace the
 * built-in entry with the same `id`.
 */
export function loadCatalog(userFile?: string): Catalog {
    const builtIn = parseModels(modelMetadata, "the built-in catalog");
    const bitsPerWeight = Object.fromEntries(Object.entries(quantSizes.quants).map(([quant, size]) => [quant, size.bitsPerWeight]));
    if (userFile == null) return { models: builtIn, bitsPerWeight, selector: selectorConfig };
    let text: string;
    try {
        text = fs.readFileSync(userFile, "utf8");
    } catch (error) {
        throw new ConfigError(`Cannot read the model catalog ${userFile}: ${(error as Error).message}`, { param: "catalog", cause: error });
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (error) {
        throw new ConfigError(`The model catalog ${userFile} is not valid JSON: ${(error as Error).message}`, { param: "catalog", cause: error });
    }
    const extra = parseModels(json, userFile);
    const ids = new Set(extra.map((model) => model.id));
    return { models: [...builtIn.filter((model) => !ids.has(model.id)), ...extra], bitsPerWeight, selector: selectorConfig };
}

function parseModels(json: unknown, source: string): CatalogModel[] {
    const models = (json as { models?: unknown } | null)?.models;
    if (!Array.isArray(models)) throw new ConfigError(`The model catalog ${source} must be an object with a "models" list`, { param: "catalog" });
    return models.map((entry: unknown, index) => parseModel(entry, `${source}, models[${index}]`));
}

function parseModel(entry: unknown, where: string): CatalogModel {
    if (entry == null || typeof entry !== "object") throw new ConfigError(`${where} must be an object`, { param: "catalog" });
    const fields = entry as Record<string, unknown>;
    const text = (name: string): string => {
        const value = fields[name];
        if (typeof value !== "string" || value === "") throw new ConfigError(`${where}: "${name}" must be a non-empty string`, { param: "catalog" });
        return value;
    };
    const positive = (name: string): number => {
        const value = fields[name];
        if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new ConfigError(`${where}: "${name}" must be a positive number`, { param: "catalog" });
        return value;
    };
    const quants = fields.quants;
    if (!Array.isArray(quants) || quants.length === 0 || !quants.every((quant) => typeof quant === "string" && quant !== ""))
        throw new ConfigError(`${where}: "quants" must be a non-empty list of quantization names`, { param: "catalog" });
    const repo = text("repo");
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new ConfigError(`${where}: "repo" must be "org/name"`, { param: "catalog" });
    const file = text("file");
    if (!file.endsWith(".gguf") || file.includes("..") || file.startsWith("/")) throw new ConfigError(`${where}: "file" must be a .gguf file name`, { param: "catalog" });
    const sha256 = fields.sha256;
    if (sha256 != null && (typeof sha256 !== "object" || !Object.values(sha256).every((digest) => typeof digest === "string" && /^[0-9a-f]{64}$/i.test(digest))))
        throw new ConfigError(`${where}: "sha256" must map quantizations to sha256 hex digests`, { param: "catalog" });
    return {
        id: text("id"),
        name: text("name"),
        family: text("family"),
        parameters: positive("parameters"),
        license: text("license"),
        priority: typeof fields.priority === "number" ? fields.priority : 0,
        contextLength: positive("contextLength"),
        kvBytesPerToken: positive("kvBytesPerToken"),
        repo,
        file,
        quants: quants as string[],
        ...(sha256 != null ? { sha256: sha256 as Record<string, string> } : {})
    };
}

/** The file name of a model's quantization in its repository. */
export function catalogFileName(model: CatalogModel, quant: string): string {
    return model.file.replaceAll("{quant}", quant);
}
