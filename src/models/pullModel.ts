import fs from "node:fs";
import path from "node:path";
import { downloadModel, type DownloadProgress } from "./downloadModel.ts";
import { endpointUrl, type ModelSource } from "./resolveModelRef.ts";
import { removeEmptyFolders, storedModelPath } from "./modelStore.ts";

export interface PullModelOptions {
    readonly source: ModelSource;
    readonly modelsDir: string;
    readonly hfEndpoint: string;
    readonly hfToken?: string;
    readonly stallTimeoutMs: number;
    readonly onProgress?: (progress: DownloadProgress) => void;
    readonly signal?: AbortSignal;
}

export interface PullResult {
    readonly path: string;
    readonly bytes: number;
    readonly alreadyPresent: boolean;
    readonly resumedFrom: number;
    readonly sha256?: string;
}

/** Downloads a model into the models directory unless it is already there. The token goes only to the Hugging Face endpoint's host. */
export async function pullModel(options: PullModelOptions): Promise<PullResult> {
    const destination = storedModelPath(options.modelsDir, options.source);
    if (fs.existsSync(destination)) return { path: destination, bytes: fs.statSync(destination).size, alreadyPresent: true, resumedFrom: 0 };
    const token = options.source.huggingFace && options.hfToken != null && options.hfToken !== "" ? { token: options.hfToken, tokenHost: endpointUrl(options.hfEndpoint).host } : {};
    let result: Awaited<ReturnType<typeof downloadModel>>;
    try {
        result = await downloadModel({
            url: options.source.url,
            destination,
            stallTimeoutMs: options.stallTimeoutMs,
            ...token,
            ...(options.source.sha256 != null ? { sha256: options.source.sha256 } : {}),
            ...(options.source.expectedSize != null ? { expectedSize: options.source.expectedSize } : {}),
            ...(options.onProgress != null ? { onProgress: options.onProgress } : {}),
            ...(options.signal != null ? { signal: options.signal } : {})
        });
    } catch (error) {
        // A download that failed before its first byte leaves no `.partial` to resume: nor the folders made for it.
        if (!fs.existsSync(`${destination}.partial`) && fs.existsSync(path.dirname(destination))) removeEmptyFolders(path.resolve(options.modelsDir), destination);
        throw error;
    }
    return { path: result.path, bytes: result.bytes, alreadyPresent: false, resumedFrom: result.resumedFrom, ...(result.sha256 != null ? { sha256: result.sha256 } : {}) };
}
