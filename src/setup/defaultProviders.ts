import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { availableCores } from "../hardware/index.ts";
import { fetchModelFile } from "./fetchModelFile.ts";
import type { SetupProviders } from "./setupProviders.ts";

const gib = 1024 ** 3;

/**
 * Providers from what this build has: the CPU and memory as the OS reports them, the GGUF files
 * already in the models folder, and a path or URL the user types.
 */
export function defaultProviders(dataDir: string): SetupProviders {
    const modelsDir = path.join(dataDir, "models");
    return {
        async describeHardware() {
            const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
            return {
                lines: [
                    `CPU: ${cpu}, ${availableCores()} cores available`,
                    `Memory: ${(os.totalmem() / gib).toFixed(1)} GB, ${(os.freemem() / gib).toFixed(1)} GB free`,
                    `Platform: ${process.platform}-${process.arch}`
                ]
            };
        },
        async modelOptions() {
            const stored = listGguf(modelsDir).map((file) => ({
                label: path.basename(file),
                hint: `${(fs.statSync(file).size / gib).toFixed(2)} GB, in ${path.dirname(file)}`,
                ref: file
            }));
            return [...stored, { label: "Another model", hint: "a .gguf file on this machine, or an http(s) URL to download" }];
        },
        fetchModel: (ref, onProgress, signal) => fetchModelFile(ref, modelsDir, onProgress, signal)
    };
}

function listGguf(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((entry) => entry.endsWith(".gguf"))
        .map((entry) => path.join(dir, entry))
        .sort();
}
