import path from "node:path";
import { fileURLToPath } from "node:url";
import { getLlama, LlamaCompletion, LlamaLogLevel } from "node-llama-cpp";
import addonScript from "../../../scripts/termux-build-addon.sh" with { type: "text" };
import { buildInfo, explainLlamaLoadError, llamaGpuOption, nodeLlamaCppPackageDir, prepareEmbeddedRuntime } from "../../runtime/index.ts";
import { ConfigError } from "../../errors.ts";
import { llamaThreads } from "../../hardware/index.ts";
import type { Command } from "../command.ts";

/**
 * `local-swarm runtime`: proves this machine can run inference with this binary. It unpacks the
 * embedded runtime if needed, loads llama.cpp and, given a model, generates a few tokens. `--path`
 * prints where node-llama-cpp's files live; `--addon-script` prints the script that builds the
 * llama.cpp addon on an Android phone (scripts/termux-build-addon.sh), so one binary is all a phone needs.
 */
export const runtimeCommand: Command = {
    name: "runtime",
    summary: "Check the inference runtime: unpack it, load llama.cpp and, with --model, generate a few tokens",
    usage: "runtime [--model <file>] [--tokens <n>] [--path] [--addon-script]",
    settings: ["model", "threads", "gpu"],
    options: {
        tokens: { kind: "integer", description: "Tokens to generate from the model (default 16)" },
        path: { kind: "boolean", description: "Only print the folder node-llama-cpp loads its addon from, unpacking it if needed" },
        addonScript: { kind: "boolean", description: "Print the shell script that builds the llama.cpp addon inside Termux on Android" }
    },
    async run({ settings, options, stdout }) {
        if (options.addonScript === true) {
            stdout.write(addonScript);
            return 0;
        }
        if (buildInfo != null) await prepareEmbeddedRuntime();
        const packageDir = buildInfo != null
            ? nodeLlamaCppPackageDir()
            : path.resolve(path.dirname(fileURLToPath(import.meta.resolve("node-llama-cpp"))), "..");
        if (options.path === true) {
            stdout.write(packageDir + "\n");
            return 0;
        }
        const tokens = Number(options.tokens ?? 16);
        if (!Number.isInteger(tokens) || tokens < 1) throw new ConfigError(`--tokens must be a whole number of at least 1 (got ${String(options.tokens)})`);
        const threads = llamaThreads(settings.threads);
        const llama = await getLlama({ gpu: llamaGpuOption(settings.gpu), build: "never", progressLogs: false, logLevel: LlamaLogLevel.error, maxThreads: threads })
            .catch((error: unknown) => {
                throw explainLlamaLoadError(error);
            });
        try {
            stdout.write(`runtime: ${packageDir}\n`);
            stdout.write(`llama.cpp: ${llama.buildType} addon, backend ${llama.gpu === false ? "cpu" : llama.gpu}, ${threads} thread${threads === 1 ? "" : "s"}\n`);
            if (settings.model == null) return 0;
            const model = await llama.loadModel({ modelPath: settings.model, gpuLayers: llama.gpu === false ? 0 : "auto" });
            const context = await model.createContext({ contextSize: 256, threads });
            const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
            const text = await completion.generateCompletion("Once upon a time", { maxTokens: tokens, temperature: 0 });
            stdout.write(`model: ${path.basename(settings.model)}\ngenerated: Once upon a time${text}\n`);
            await context.dispose();
            await model.dispose();
            return 0;
        } finally {
            await llama.dispose();
        }
    }
};
