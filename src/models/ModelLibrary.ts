import path from "node:path";
import { InvalidRequestError, NotFoundError } from "../errors.ts";
import type { MemoryBudget } from "../hardware/index.ts";
import type { Catalog } from "./catalog.ts";
import type { DownloadProgress } from "./downloadModel.ts";
import { listStoredModels, removeStoredModel, storedModelPath, type StoredModel } from "./modelStore.ts";
import { pullModel, type PullResult } from "./pullModel.ts";
import { quantForBudget } from "./quantForBudget.ts";
import { resolveModelRef, type ModelSource } from "./resolveModelRef.ts";

export interface ModelLibraryOptions {
    readonly catalog: Catalog;
    readonly modelsDir: string;
    readonly hfEndpoint: string;
    readonly hfToken?: string;
    readonly stallTimeoutMs: number;
    /** Context tokens a catalog name's quantization is chosen for. */
    readonly contextSize: number;
    /** The memory a catalog name's quantization must fit (asked only when a catalog name is pulled). */
    readonly budget: () => Promise<MemoryBudget>;
    /** The model the server is serving, by its name and file: never deleted. */
    readonly served?: { readonly name: string; readonly path: string };
}

export interface PullOptions {
    /** Called once the reference is resolved, before any byte is fetched. */
    readonly onSource?: (source: ModelSource) => void;
    readonly onProgress?: (progress: DownloadProgress) => void;
    readonly signal?: AbortSignal;
}

/**
 * The models folder as `models pull|rm` and Ollama's `/api/pull|delete` manage it: references
 * (catalog name, `hf:…`, URL) resolved against the catalog and the Hugging Face endpoint, downloads
 * through the verified downloader, deletions that never touch the served model.
 */
export class ModelLibrary {
    constructor(private readonly options: ModelLibraryOptions) {}

    /** Downloads a model unless it is already there. A catalog name alone gets the quantization this machine's budget takes, as the recommendation does. */
    async pull(ref: string, pull: PullOptions = {}): Promise<PullResult & { readonly source: ModelSource }> {
        const { catalog, contextSize } = this.options;
        const named = catalog.models.find((model) => model.id === ref);
        const withQuant = named == null ? ref : `${ref}:${quantForBudget(named, { catalog, budget: await this.options.budget(), contextSize })}`;
        const source = this.resolve(withQuant);
        pull.onSource?.(source);
        const result = await pullModel({
            source,
            modelsDir: this.options.modelsDir,
            hfEndpoint: this.options.hfEndpoint,
            ...(this.options.hfToken != null ? { hfToken: this.options.hfToken } : {}),
            stallTimeoutMs: this.options.stallTimeoutMs,
            ...(pull.onProgress != null ? { onProgress: pull.onProgress } : {}),
            ...(pull.signal != null ? { signal: pull.signal } : {})
        });
        return { ...result, source };
    }

    /**
     * Deletes a model given by reference or by its path under the models folder (as `list` names
     * it), with any unfinished download of it. Refuses the served model, by name or by file; an
     * unknown one is a NotFoundError naming `ref`.
     */
    remove(ref: string): string[] {
        const served = this.options.served;
        const inUse = () => new InvalidRequestError(`model '${ref}' is the one this server is serving; serve another model before deleting it`, { code: "model_in_use", param: "model" });
        const notFound = () => new NotFoundError(`model '${ref}' not found`, { code: "model_not_found" });
        if (served != null && (ref === served.name || ref === `${served.name}:latest`)) throw inUse();
        const stored = this.list().find((model) => model.relativePath === ref);
        let source: ModelSource;
        try {
            source = stored != null ? storedSource(stored) : this.resolve(ref);
        } catch {
            throw notFound();
        }
        if (served != null && storedModelPath(this.options.modelsDir, source) === path.resolve(served.path)) throw inUse();
        try {
            return removeStoredModel(this.options.modelsDir, source);
        } catch (error) {
            throw error instanceof NotFoundError ? notFound() : error;
        }
    }

    /** Every downloaded model (and unfinished download) in the models folder. */
    list(): StoredModel[] {
        return listStoredModels(this.options.modelsDir);
    }

    private resolve(ref: string): ModelSource {
        return resolveModelRef(ref, { catalog: this.options.catalog, hfEndpoint: this.options.hfEndpoint });
    }
}

/** A stored file as the source it was downloaded from would name it (what removing it needs). */
function storedSource(stored: StoredModel): ModelSource {
    const relativePath = stored.relativePath.replace(/\.partial$/, "");
    return { url: "", relativePath, huggingFace: false, label: relativePath };
}
