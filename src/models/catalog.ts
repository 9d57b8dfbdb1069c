import fs from "node:fs";
import modelMetadata from "../../config/models/model_metadata.json" with { type: "json" };
import quantSizes from "../../config/models/gguf_quant_sizes.json" with { type: "json" };
import selectorConfig from "../../config/models/selector_config.json" with { type: "json" };
import { ConfigError } from "../errors.ts";

/**
 * How a model thinks: `switchable` models think before they answer unless told not to (Qwen3's
 * `enable_thinking`), `always` models always do (gpt-oss), `none` models answer at once.
 */
export type ThinkingKind = "switchable" | "always" | "none";
const thinkingKinds: readonly ThinkingKind[] = ["switchable", "always", "none"];

/** Where an entry's facts come from: the original model card, and the GGUF repository's page listing its files and sizes. */
export interface CatalogSources {
    readonly card: string;
    readonly files: string;
}

/** One model the selector may choose, with where its GGUF files are on Hugging Face. */
export interface CatalogModel {
    readonly id: string;
    readonly name: string;
    readonly family: string;
    readonly thinking: ThinkingKind;
    /** Parameter count: every weight, all kept in memory. */
    readonly parameters: number;
    /** Mixture-of-experts models: the parameters one token computes with (what CPU speed depends on); absent: all of them. */
    readonly activeParameters?: number;
    readonly license: string;
    /** Higher is better; the selector tries models from the highest priority down. */
    readonly priority: number;
    readonly contextLength: number;
    /**
     * f16 KV cache bytes per token of context: 2 (K and V) × layers × KV heads × head size × 2 bytes,
     * every layer counted. For models with sliding-window layers (Gemma 3, gpt-oss) this is an upper
     * bound: node-llama-cpp keeps only the window's tokens for those layers unless `swaFullCache` is set.
     */
    readonly kvBytesPerToken: number;
    /** Hugging Face repository, `org/name`. */
    readonly repo: string;
    /** File name in the repository; `{quant}` is replaced by the quantization. */
    readonly file: string;
    /** Quantizations the repository has. */
    readonly quants: readonly string[];
    /** sha256 of a quantization's file, where known. */
    readonly sha256?: Readonly<Record<string, string>>;
    /** Each quantization's file size as the repository's page publishes it ("2.50 GB"), where checked; a download must match it. */
    readonly sizes?: Readonly<Record<string, PublishedSize>>;
    readonly sources?: CatalogSources;
    /** Facts that could not be checked against the publisher's pages (`file`, `quants`, `sizes`, `sizes.Q4_K_M`, `kvBytesPerToken`, …). */
    readonly unverified?: readonly string[];
}

/** A size as a page shows it: the bytes it stands for, within the rounding of its last digit. */
export interface PublishedSize {
    readonly text: string;
    readonly bytes: number;
    /** Half a unit of the last digit shown: a file within this many bytes of `bytes` matches. */
    readonly tolerance: number;
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
    /**
     * Thinking models write a chain of thought of thousands of tokens before their answer: each
     * worker's context is reserved for at least this many tokens, or the model is passed over.
     */
    readonly thinkingContextTokens: number;
    /**
     * CPU-only machines: a thinking model writes several times the tokens of a direct answer, so its
     * active weights may take only this share of the per-core cap, or the model is passed over.
     */
    readonly thinkingCpuShare: number;
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
    const thinking = fields.thinking ?? "none";
    if (typeof thinking !== "string" || !(thinkingKinds as readonly string[]).includes(thinking))
        throw new ConfigError(`${where}: "thinking" must be one of ${thinkingKinds.join(", ")}`, { param: "catalog" });
    const parameters = positive("parameters");
    const active = fields.activeParameters;
    if (active != null && (typeof active !== "number" || !(active > 0) || active > parameters))
        throw new ConfigError(`${where}: "activeParameters" must be a positive number no larger than "parameters"`, { param: "catalog" });
    const sizes = fields.sizes == null ? undefined : parseSizes(fields.sizes, where);
    const sources = fields.sources == null ? undefined : parseSources(fields.sources, where);
    const unverified = fields.unverified;
    if (unverified != null && (!Array.isArray(unverified) || !unverified.every((item) => typeof item === "string")))
        throw new ConfigError(`${where}: "unverified" must be a list of field names`, { param: "catalog" });
    const sha256 = fields.sha256;
    if (sha256 != null && (typeof sha256 !== "object" || !Object.values(sha256).every((digest) => typeof digest === "string" && /^[0-9a-f]{64}$/i.test(digest))))
        throw new ConfigError(`${where}: "sha256" must map quantizations to sha256 hex digests`, { param: "catalog" });
    return {
        id: text("id"),
        name: text("name"),
        family: text("family"),
        thinking: thinking as ThinkingKind,
        parameters,
        ...(active != null ? { activeParameters: active as number } : {}),
        license: text("license"),
        priority: typeof fields.priority === "number" ? fields.priority : 0,
        contextLength: positive("contextLength"),
        kvBytesPerToken: positive("kvBytesPerToken"),
        repo,
        file,
        quants: quants as string[],
        ...(sha256 != null ? { sha256: sha256 as Record<string, string> } : {}),
        ...(sizes != null ? { sizes } : {}),
        ...(sources != null ? { sources } : {}),
        ...(unverified != null ? { unverified: unverified as string[] } : {})
    };
}

const units: Readonly<Record<string, number>> = { MB: 1e6, GB: 1e9 };

/** "2.50 GB" → 2.5e9 bytes, ± 0.005 GB: the precision the page gives. */
export function parsePublishedSize(text: string): PublishedSize | undefined {
    const match = /^(\d+)(?:\.(\d+))? ?(MB|GB)$/.exec(text);
    if (match == null) return undefined;
    const unit = units[match[3]!]!;
    const decimals = match[2]?.length ?? 0;
    return { text, bytes: Math.round(Number(`${match[1]}.${match[2] ?? "0"}`) * unit), tolerance: (unit / 10 ** decimals) / 2 };
}

function parseSizes(value: unknown, where: string): Record<string, PublishedSize> {
    if (value == null || typeof value !== "object" || Array.isArray(value)) throw new ConfigError(`${where}: "sizes" must map quantizations to sizes such as "2.50 GB"`, { param: "catalog" });
    return Object.fromEntries(Object.entries(value).map(([quant, text]) => {
        const size = typeof text === "string" ? parsePublishedSize(text) : undefined;
        if (size == null) throw new ConfigError(`${where}: "sizes.${quant}" must be a size such as "2.50 GB" (MB or GB)`, { param: "catalog" });
        return [quant, size];
    }));
}

function parseSources(value: unknown, where: string): CatalogSources {
    const fields = (value ?? {}) as Record<string, unknown>;
    const url = (name: string): string => {
        const entry = fields[name];
        if (typeof entry !== "string" || !/^https:\/\/\S+$/.test(entry)) throw new ConfigError(`${where}: "sources.${name}" must be an https URL`, { param: "catalog" });
        return entry;
    };
    return { card: url("card"), files: url("files") };
}

/** The file name of a model's quantization in its repository. */
export function catalogFileName(model: CatalogModel, quant: string): string {
    return model.file.replaceAll("{quant}", quant);
}
