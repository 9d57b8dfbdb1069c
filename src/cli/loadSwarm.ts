import type { Settings } from "../config/index.ts";
import { loadWeights } from "../consensus/index.ts";
import { ConfigError } from "../errors.ts";
import { availableCores } from "../hardware/index.ts";
import { LlamaEngine, Swarm } from "../swarm/index.ts";

/** Loads the model once and builds the swarm the settings describe. */
export async function loadSwarm(settings: Settings): Promise<{ swarm: Swarm; engine: LlamaEngine; threads: number }> {
    if (settings.model == null || settings.model === "")
        throw new ConfigError("no model given: pass --model PATH (a .gguf file), set LOCAL_SWARM_MODEL, or add \"model\" to the config file");
    const threads = settings.threads > 0 ? settings.threads : defaultThreads(availableCores());
    const engine = await LlamaEngine.load({
        modelPath: settings.model,
        slots: settings.workers,
        threads,
        contextSize: settings.contextSize,
        gpu: settings.gpu
    });
    const swarm = new Swarm({
        engine,
        queueSize: settings.queueSize,
        strategy: settings.strategy,
        weights: settings.weights == null ? undefined : loadWeights(settings.weights),
        abstainBelow: settings.abstainBelow,
        adaptive: settings.adaptive,
        adaptiveStopAt: settings.adaptiveStopAt,
        defaultTemperature: settings.temperature,
        temperatureSpread: settings.temperatureSpread,
        requestTimeoutMs: settings.requestTimeout * 1000
    });
    return { swarm, engine, threads };
}

/**
 * One context serves every worker, so its threads are split from the cores really available: all
 * but one, which stays free for the HTTP server and the OS. llama.cpp's threads spin while they
 * wait, so one more thread than free cores makes every token stall (measured on a busy 2-core box:
 * 300 tokens x 3 workers took 0.66 s on 1 thread and 27.7 s on 2).
 */
export function defaultThreads(cores: number): number {
    return Math.max(1, cores - 1);
}
