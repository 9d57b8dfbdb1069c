import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError } from "../../errors.ts";
import { detectHardware, formatBytes, memoryBudget } from "../../hardware/index.ts";
import { estimateFromCatalog, fitForBudget, importModelFile, isLocalModelRef, listStoredModels, loadCatalog, localModelFile, modelsDir, quantForBudget, resolveModelRef, selectModel, type Catalog, type ThinkingKind } from "../../models/index.ts";
import { modelLibrary } from "../modelLibrary.ts";
import type { Command, CommandContext } from "../command.ts";
import { configuredModel } from "../configuredModel.ts";
import { progressBar } from "../progressBar.ts";

export const modelsCommand: Command = {
    name: "models",
    summary: "List, download (pull) or delete (rm) GGUF models",
    usage: "models list | models pull <catalog name | hf:org/repo/file.gguf | URL | ./file.gguf> | models rm <ref>",
    settings: ["catalog", "hfEndpoint", "hfToken", "downloadTimeout", "workers", "contextSize"],
    options: {},
    async run(context) {
        const [action, ref, ...extra] = context.positionals;
        if (action === "list" && ref == null) return list(context);
        if ((action === "pull" || action === "rm") && ref != null && extra.length === 0) return action === "pull" ? pull(context, ref) : remove(context, ref);
        throw new ConfigError(`Usage: local-swarm ${modelsCommand.usage}`);
    }
};

async function list({ settings, paths, configFile, stdout }: CommandContext): Promise<number> {
    const catalog = loadCatalog(settings.catalog);
    const dir = modelsDir(paths);
    stdout.write(`Configured: ${configuredModel(settings.model, catalog, settings.hfEndpoint, dir, configFile.exists ? configFile.path : undefined)}\n`);
    const stored = listStoredModels(dir);
    stdout.write(`\nDownloaded (${dir}):\n`);
    if (stored.length === 0) stdout.write("  none yet; `local-swarm models pull <name | hf:… | URL | ./file.gguf>` adds one\n");
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
    stdout.write("\nCatalog (* = recommended; the quantization and size are what `models pull <name>` fetches for this machine; ? marks facts not checked against the publisher's page):\n");
    const width = Math.max(...catalog.models.map((model) => model.id.length));
    for (const model of [...catalog.models].sort((a, b) => b.priority - a.priority)) {
        const quant = quantForBudget(model, { catalog, budget, contextSize: settings.contextSize });
        const { weightsBytes } = estimateFromCatalog(catalog, model, quant, settings.contextSize);
        const active = model.activeParameters == null ? "" : `${parameterCount(model.activeParameters)} active`;
        const unchecked = (model.unverified ?? []).length > 0 ? "  ?" : "";
        stdout.write(`${model.id === recommended ? "*" : " "} ${model.id.padEnd(width)}  ${thinkingLabels[model.thinking].padEnd(13)}  ${parameterCount(model.parameters).padStart(6)}  ${active.padEnd(12)}  ` +
            `${model.license.padEnd(10)}  ${quant.padEnd(7)} ${formatBytes(weightsBytes).padStart(8)}  ${fitForBudget(catalog, budget, weightsBytes).padEnd(9)}  (${model.quants.join(", ")})${unchecked}\n`);
    }
    return 0;
}

const thinkingLabels: Readonly<Record<ThinkingKind, string>> = { switchable: "thinking", always: "always thinks", none: "no thinking" };

/** 8.2B, 600M: a parameter count the way model cards write it. */
function parameterCount(count: number): string {
    return count >= 1e9 ? `${(count / 1e9).toFixed(1)}B` : `${(count / 1e6).toFixed(count >= 1e8 ? 0 : 2)}M`;
}


async function pull({ settings, paths, stdout, stderr }: CommandContext, ref: string): Promise<number> {
    if (isLocalModelRef(ref)) {
        const imported = await importModelFile(localModelFile(ref, process.env.HOME ?? os.homedir()), modelsDir(paths));
        stdout.write(`${imported.path}  ${formatBytes(imported.bytes)}  ${imported.alreadyPresent ? "already in the models folder" : "copied into the models folder (GGUF checked)"}\n`);
        return 0;
    }
    let bar: ReturnType<typeof progressBar> | undefined;
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once("SIGINT", interrupt);
    try {
        const result = await modelLibrary(settings, paths).pull(ref, {
            onSource: (source) => bar = progressBar(stderr, source.label),
            onProgress: (progress) => bar?.update(progress),
            signal: controller.signal
        });
        const how = result.alreadyPresent ? "already downloaded" : result.sha256 != null ? "downloaded, sha256 verified" : "downloaded (no sha256 published; size and GGUF header checked)";
        stdout.write(`${result.path}  ${formatBytes(result.bytes)}  ${how}\n`);
        return 0;
    } finally {
        bar?.done();
        process.off("SIGINT", interrupt);
    }
}

async function remove({ settings, paths, stdout }: CommandContext, ref: string): Promise<number> {
    for (const removed of modelLibrary(settings, paths).remove(ref)) stdout.write(`removed ${removed}\n`);
    return 0;
}
