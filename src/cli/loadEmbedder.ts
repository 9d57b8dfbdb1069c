import type { Settings, UserPaths } from "../config/index.ts";
import { Embedder } from "../embeddings/index.ts";
import type { HardwareReport } from "../hardware/index.ts";
import type { Logger } from "../log.ts";
import { chooseServedModel } from "../models/index.ts";
import type { GpuChoice, LlamaEngine } from "../swarm/index.ts";
import { downloadOptions } from "./downloadOptions.ts";

export interface LoadEmbedderOptions {
    readonly engine: LlamaEngine;
    readonly threads: number;
    readonly report: HardwareReport;
    readonly paths: UserPaths;
    readonly log: Logger;
}

/**
 * The embedder behind /v1/embeddings and /api/embed: the `embedding-model` setting's model (a file,
 * a reference or a catalog name, downloaded if missing), loaded on the served model's backend; or,
 * unset, the served model's own weights. Either way with the swarm's thread count.
 */
export async function loadEmbedder(settings: Settings, { engine, threads, report, paths, log }: LoadEmbedderOptions): Promise<Embedder> {
    const options = { queueSize: settings.queueSize, contextSize: settings.contextSize, threads };
    if (settings.embeddingModel == null || settings.embeddingModel === "") return Embedder.forModel(engine.loadedModel, engine.modelId, options);
    const chosen = await chooseServedModel({
        model: settings.embeddingModel,
        workers: 1,
        contextSize: settings.contextSize,
        ...downloadOptions(settings, paths),
        report,
        onDownload: (source) => log.info(`downloading the embedding model ${source.label} from ${new URL(source.url).host}`)
    });
    const embedder = await Embedder.load({ ...options, modelPath: chosen.path, gpu: engine.backend as GpuChoice });
    log.info(`embeddings: ${embedder.modelId} (${embedder.dimensions} dimensions)`);
    return embedder;
}
