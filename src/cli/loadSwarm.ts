import path from "node:path";
import type { Settings, UserPaths } from "../config/index.ts";
import { loadWeights } from "../consensus/index.ts";
import { detectHardware, llamaThreads, selectGpuBackend, type HardwareReport } from "../hardware/index.ts";
import type { Logger } from "../log.ts";
import { chooseServedModel } from "../models/index.ts";
import { LlamaEngine, Swarm, type GpuChoice } from "../swarm/index.ts";
import { embeddedBackend } from "../runtime/index.ts";
import { createCodeRunner, type CodeRunnerHandle } from "../execution/index.ts";
import { downloadOptions } from "./downloadOptions.ts";
import { progressBar } from "./progressBar.ts";

export interface LoadSwarmOptions {
    readonly paths: UserPaths;
    readonly log: Logger;
    /** Where a download's progress bar goes (drawn only on a terminal). */
    readonly stderr: NodeJS.WritableStream;
}

/**
 * Loads the model once and builds the swarm the settings describe. The model is the `model`
 * setting's file or reference (downloaded if missing), or the catalog model that fits this
 * machine; the llama.cpp backend is the `gpu` setting or, for `auto`, the one the hardware probes
 * chose, falling back to node-llama-cpp's own choice if that backend cannot load.
 */
export async function loadSwarm(settings: Settings, { paths, log, stderr }: LoadSwarmOptions): Promise<{ swarm: Swarm; engine: LlamaEngine; threads: number; report: HardwareReport; code: CodeRunnerHandle }> {
    const report = await detectHardware();
    let bar: ReturnType<typeof progressBar> | undefined;
    const served = await chooseServedModel({
        ...(settings.model != null ? { model: settings.model } : {}),
        workers: settings.workers,
        contextSize: settings.contextSize,
        ...downloadOptions(settings, paths),
        report,
        onDownload: (source) => {
            log.info(`downloading ${source.label} from ${new URL(source.url).host}`);
            bar = progressBar(stderr, source.label);
        },
        onProgress: (progress) => bar?.update(progress)
    });
    bar?.done();
    if (served.fits) log.info(`model: ${served.explanation}`);
    else log.warn(`model: ${served.explanation}`);
    const threads = llamaThreads(settings.threads);
    const probed = selectGpuBackend(report, settings.gpu);
    const backend = settings.gpu === "auto" ? embeddedBackend(probed) : probed;
    const load = (gpu: GpuChoice) => LlamaEngine.load({ modelPath: served.path, slots: served.workers, threads, contextSize: served.contextSize, gpu, stateDir: path.join(paths.cacheDir, "prompt-state") });
    let engine: LlamaEngine;
    try {
        engine = await load(backend.gpu === false ? "cpu" : backend.gpu);
        log.info(`backend: ${backend.gpu === false ? "cpu" : backend.gpu} (${backend.reason})`);
    } catch (error) {
        if (settings.gpu !== "auto" || backend.gpu === false) throw error;
        log.warn(`the ${backend.gpu} backend did not load (${(error as Error).message}); letting node-llama-cpp choose`);
        engine = await load("auto");
    }
    const code = await createCodeRunner(settings);
    const swarm = new Swarm({
        engine,
        ...(code.runner == null ? {} : { runCode: code.runner }),
        queueSize: settings.queueSize,
        strategy: settings.strategy,
        weights: settings.weights == null ? undefined : loadWeights(settings.weights),
        abstainBelow: settings.abstainBelow,
        adaptive: settings.adaptive,
        adaptiveStopAt: settings.adaptiveStopAt,
        defaultTemperature: settings.temperature,
        temperatureSpread: settings.temperatureSpread,
        ...(settings.thinkingBudget > 0 ? { thinkingBudget: settings.thinkingBudget } : {}),
        requestTimeoutMs: settings.requestTimeout * 1000,
        stallTimeoutMs: settings.stallTimeout * 1000
    });
    return { swarm, engine, threads, report, code };
}
