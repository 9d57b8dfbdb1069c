import fs from "node:fs";
import path from "node:path";
import { InvalidRequestError, NotFoundError } from "../errors.ts";
import type { UserPaths } from "../config/index.ts";
import type { ModelSource } from "./resolveModelRef.ts";

/** A model file under the models directory; `complete` is false for a download in progress (`.partial`). */
export interface StoredModel {
    readonly relativePath: string;
    readonly path: string;
    readonly bytes: number;
    readonly complete: boolean;
}

/** Downloaded models live in `<data dir>/models`, never beside the binary. */
export function modelsDir(paths: UserPaths): string {
    return path.join(paths.dataDir, "models");
}

const safeSegment = /^[\w.-]+$/;

/**
 * The file of a model under the models directory. Every model name reaches the disk through here,
 * whether it came from a request, the config, a catalog file or a peer, so the path is checked
 * here: plain name segments only (no `..`, `.`, absolute paths, separators or odd characters), and
 * the result must stay inside the models directory.
 */
export function storedModelPath(dir: string, source: ModelSource): string {
    const segments = source.relativePath.split("/");
    const root = path.resolve(dir);
    const file = path.resolve(root, ...segments);
    if (segments.some((segment) => !safeSegment.test(segment) || segment === "." || segment === "..") || !file.startsWith(root + path.sep))
        throw new InvalidRequestError(`refusing the model path "${source.relativePath}": it must be plain names inside the models directory`, { code: "invalid_model_ref", param: "model" });
    return file;
}

/** Every `.gguf` and `.gguf.partial` file under the models directory, sorted by path. */
export function listStoredModels(dir: string): StoredModel[] {
    const found: StoredModel[] = [];
    const walk = (folder: string) => {
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(folder, { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries) {
            const full = path.join(folder, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.isFile() && (entry.name.endsWith(".gguf") || entry.name.endsWith(".gguf.partial"))) {
                const complete = entry.name.endsWith(".gguf");
                found.push({ relativePath: path.relative(dir, full).split(path.sep).join("/"), path: full, bytes: fs.statSync(full).size, complete });
            }
        }
    };
    walk(dir);
    return found.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
}

/** Deletes a model and any unfinished download of it, then the folders left empty. Returns the paths removed. */
export function removeStoredModel(dir: string, source: ModelSource): string[] {
    const file = storedModelPath(dir, source);
    const removed = [file, `${file}.partial`].filter((candidate) => fs.existsSync(candidate));
    if (removed.length === 0) throw new NotFoundError(`${source.label} is not downloaded (no ${file})`, { code: "model_not_found" });
    for (const candidate of removed) fs.rmSync(candidate);
    removeEmptyFolders(dir, file);
    return removed;
}

/** Removes the folders above `file` inside the models directory that hold nothing (after a deletion, or a download that left no file). */
export function removeEmptyFolders(dir: string, file: string): void {
    for (let folder = path.dirname(file); folder.startsWith(dir + path.sep); folder = path.dirname(folder)) {
        if (fs.readdirSync(folder).length > 0) break;
        fs.rmdirSync(folder);
    }
}
