import fs from "node:fs";
import path from "node:path";

/** A GGUF file already on this machine, outside the models folder, and where it was found. */
export interface LocalModel {
    readonly path: string;
    /** What to show: the file name, or the model's name in Ollama. */
    readonly name: string;
    readonly bytes: number;
    readonly where: string;
}

export interface FindLocalModelsOptions {
    readonly home: string;
    readonly cwd: string;
    /** `OLLAMA_MODELS` when set; default `~/.ollama/models`. */
    readonly ollamaDir?: string;
}

/**
 * `.gguf` files in the usual places: the current folder, ~/Downloads, LM Studio's model folders,
 * and Ollama's store, whose model layers are plain GGUF files named by digest (their names come
 * from the manifests). Only files that start with the GGUF magic are listed; nothing is copied.
 */
export function findLocalModels(options: FindLocalModelsOptions): LocalModel[] {
    const found = new Map<string, LocalModel>();
    const add = (file: string, name: string, where: string) => {
        const real = safeRealPath(file);
        if (real == null || found.has(real) || !startsWithGgufMagic(real)) return;
        found.set(real, { path: file, name, bytes: fs.statSync(real).size, where });
    };
    for (const [dir, where, depth] of [
        [options.cwd, "this folder", 0],
        [path.join(options.home, "Downloads"), "~/Downloads", 0],
        [path.join(options.home, ".lmstudio", "models"), "LM Studio", 3],
        [path.join(options.home, ".cache", "lm-studio", "models"), "LM Studio", 3]
    ] as const)
        for (const file of filesUnder(dir, depth).filter((name) => name.toLowerCase().endsWith(".gguf"))) add(file, path.basename(file), where);
    for (const model of ollamaModels(options.ollamaDir ?? path.join(options.home, ".ollama", "models"))) add(model.file, model.name, "Ollama");
    return [...found.values()];
}

/** Ollama: manifests/<registry>/<namespace>/<model>/<tag> name the `application/vnd.ollama.image.model` layer, a blob in blobs/. */
function ollamaModels(root: string): { file: string; name: string }[] {
    const manifests = path.join(root, "manifests");
    const models: { file: string; name: string }[] = [];
    for (const manifest of filesUnder(manifests, 4)) {
        try {
            const layers = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { layers?: { mediaType?: string; digest?: string }[] }).layers ?? [];
            const digest = layers.find((layer) => layer.mediaType === "application/vnd.ollama.image.model")?.digest;
            if (digest == null || !/^sha256:[0-9a-f]{64}$/.test(digest)) continue;
            const parts = path.relative(manifests, manifest).split(path.sep);
            models.push({ file: path.join(root, "blobs", digest.replace(":", "-")), name: `${parts.at(-2)}:${parts.at(-1)}` });
        } catch {
            continue;
        }
    }
    return models;
}

function filesUnder(dir: string, depth: number): string[] {
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
        return [];
    }
    return entries.flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) return depth > 0 ? filesUnder(file, depth - 1) : [];
        return entry.isFile() ? [file] : [];
    });
}

function safeRealPath(file: string): string | null {
    try {
        return fs.realpathSync(file);
    } catch {
        return null;
    }
}

function startsWithGgufMagic(file: string): boolean {
    let fd: number | undefined;
    try {
        fd = fs.openSync(file, "r");
        const head = Buffer.alloc(4);
        return fs.readSync(fd, head, 0, 4, 0) === 4 && head.toString("latin1") === "GGUF";
    } catch {
        return false;
    } finally {
        if (fd != null) fs.closeSync(fd);
    }
}
