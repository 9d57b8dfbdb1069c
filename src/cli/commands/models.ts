import { ConfigError } from "../../errors.ts";
import { detectHardware, formatBytes, memoryBudget } from "../../hardware/index.ts";
import { listStoredModels, loadCatalog, modelsDir, preferredQuants, pullModel, removeStoredModel, resolveModelRef, selectModel } from "../../models/index.ts";
import type { Command, CommandContext } from "../command.ts";
import { progressBar } from "../progressBar.ts";

export const modelsCommand: Command = {
    name: "models",
    summary: "List, download (pull) or delete (rm) GGUF models",
    usage: "models list | models pull <hf:org/repo/file.gguf | URL | catalog name> | models rm <ref>",
    settings: ["catalog", "hfEndpoint", "hfToken", "downloadTimeout", "workers", "contextSize"],
    options: {},
    async run(context) {
        const [action, ref, ...extra] = context.positionals;
        if (action === "list" && ref == null) return list(context);
        if ((action === "pull" || action === "rm") && ref != null && extra.length === 0) return action === "pull" ? pull(context, ref) : remove(context, ref);
        throw new ConfigError(`Usage: local-swarm ${modelsCommand.usage}`);
    }
};

async function list({ settings, paths, stdout }: CommandContext): Promise<number> {
    const catalog = loadCatalog(settings.catalog);
    const dir = modelsDir(paths);
    const stored = listStoredModels(dir);
    stdout.write(`Downloaded (${dir}):\n`);
    if (stored.length === 0) stdout.write("  none; `local-swarm models pull <ref>` downloads one\n");
    for (const model of stored) stdout.write(`  ${model.relativePath}  ${formatBytes(model.bytes)}${model.complete ? "" : "  (incomplete: pull again to resume)"}\n`);
    const budget = memoryBudget(await detectHardware());
    let recommended: string | undefined;
    try {
        const choice = selectModel({ catalog, budget, contextSize: settings.contextSize, ...(settings.workers > 0 ? { workers: settings.workers } : {}) });
        recommended = choice.model.id;
        stdout.write(`\nFor this machine: ${choice.explanation}\n`);
    } catch (error) {
        stdout.write(`\nFor this machine: ${(error as Error).message}\n`);
    }
    stdout.write("\nCatalog (pull by name, e.g. `models pull qwen2.5-7b-instruct:Q4_K_M`):\n");
    const width = Math.max(...catalog.models.map((model) => model.id.length));
    for (const model of [...catalog.models].sort((a, b) => b.priority - a.priority)) {
        const mark = model.id === recommended ? "*" : " ";
        stdout.write(`${mark} ${model.id.padEnd(width)}  ${(model.parameters / 1e9).toFixed(1).padStart(5)}B  ${model.license.padEnd(13)}  ${model.quants.join(", ")} (default ${preferredQuants(catalog, model)[0] ?? model.quants[0]})\n`);
    }
    return 0;
}

async function pull({ settings, paths, stdout, stderr }: CommandContext, ref: string): Promise<number> {
    const source = resolveModelRef(ref, { catalog: loadCatalog(settings.catalog), hfEndpoint: settings.hfEndpoint });
    const bar = progressBar(stderr, source.label);
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once("SIGINT", interrupt);
    try {
        const token = settings.hfToken ?? process.env.HF_TOKEN;
        const result = await pullModel({
            source,
            modelsDir: modelsDir(paths),
            hfEndpoint: settings.hfEndpoint,
            ...(token != null ? { hfToken: token } : {}),
            stallTimeoutMs: settings.downloadTimeout * 1000,
            onProgress: (progress) => bar.update(progress),
            signal: controller.signal
        });
        const how = result.alreadyPresent ? "already downloaded" : result.sha256 != null ? "downloaded, sha256 verified" : "downloaded (no sha256 published; size and GGUF header checked)";
        stdout.write(`${result.path}  ${formatBytes(result.bytes)}  ${how}\n`);
        return 0;
    } finally {
        bar.done();
        process.off("SIGINT", interrupt);
    }
}

async function remove({ settings, paths, stdout }: CommandContext, ref: string): Promise<number> {
    const source = resolveModelRef(ref, { catalog: loadCatalog(settings.catalog), hfEndpoint: settings.hfEndpoint });
    for (const removed of removeStoredModel(modelsDir(paths), source)) stdout.write(`removed ${removed}\n`);
    return 0;
}
