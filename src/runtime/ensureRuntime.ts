import fs from "node:fs";
import path from "node:path";
import { RuntimeError } from "../errors.ts";
import { decodeRuntimePack, parseManifest, type RuntimePackManifest } from "./runtimePack.ts";

/** Written last into a runtime folder; the folder is only ever used when it is complete. */
export const manifestFileName = ".local-swarm-runtime.json";

export interface EnsureRuntimeOptions {
    /** Parent folder, e.g. `<cache dir>/runtime`. */
    readonly root: string;
    /** Names the folder; changes whenever the packed files do (it carries the pack's checksum). */
    readonly runtimeId: string;
    /** Reads the compressed pack; only called when the folder must be (re)built. */
    readonly readPack: () => Promise<Uint8Array>;
    /** Told once, before a first extraction starts. */
    readonly onExtract?: (folder: string) => void;
}

/**
 * Makes sure `<root>/<runtimeId>` holds the packed runtime and returns its path. Extraction goes
 * to a private temporary folder that is renamed into place only once every file is written and
 * checked, so a crash mid-way never leaves a half folder that is used; a folder whose files no
 * longer match the manifest's sizes is moved aside and rebuilt. Concurrent first starts are safe:
 * the first rename wins and the others use its folder.
 */
export async function ensureRuntime(options: EnsureRuntimeOptions): Promise<string> {
    const folder = path.join(options.root, options.runtimeId);
    if (isComplete(folder)) return folder;
    removeLeftovers(options.root);
    try {
        fs.mkdirSync(options.root, { recursive: true });
    } catch (error) {
        throw new RuntimeError(`cannot create the runtime cache folder ${options.root}: ${(error as Error).message}`, { cause: error });
    }
    // Checked again: another process may have just renamed its complete extraction into place.
    if (fs.existsSync(folder) && !isComplete(folder)) moveAside(folder);
    if (isComplete(folder)) return folder;
    options.onExtract?.(folder);
    const temp = `${folder}.partial-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    try {
        await extractTo(temp, await options.readPack());
        fs.renameSync(temp, folder);
    } catch (error) {
        fs.rmSync(temp, { recursive: true, force: true });
        const code = (error as NodeJS.ErrnoException).code;
        if ((code === "EEXIST" || code === "ENOTEMPTY" || code === "EPERM") && isComplete(folder)) return folder;
        if (error instanceof RuntimeError) throw error;
        throw new RuntimeError(`cannot unpack the inference runtime into ${folder}: ${(error as Error).message}`, { cause: error });
    }
    return folder;
}

/** True when the folder has its manifest and every listed file with the listed size. */
function isComplete(folder: string): boolean {
    let manifest: RuntimePackManifest;
    try {
        manifest = parseManifest(fs.readFileSync(path.join(folder, manifestFileName), "utf8"));
    } catch {
        return false;
    }
    return manifest.files.every((entry) => {
        try {
            return fs.statSync(path.join(folder, ...entry.path.split("/"))).size === entry.size;
        } catch {
            return false;
        }
    });
}

async function extractTo(temp: string, blob: Uint8Array): Promise<void> {
    const pack = decodeRuntimePack(blob);
    fs.mkdirSync(temp, { recursive: true });
    for (const entry of pack.manifest.files) {
        const target = path.join(temp, ...entry.path.split("/"));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        await Bun.write(target, pack.read(entry));
        if (process.platform !== "win32") fs.chmodSync(target, entry.mode);
    }
    fs.writeFileSync(path.join(temp, manifestFileName), JSON.stringify(pack.manifest));
}

/** Extractions that crashed or damaged folders that could not be removed, once they are an hour old (a younger one may still be in use). */
const leftoverAgeMs = 60 * 60 * 1000;

function removeLeftovers(root: string): void {
    let entries: string[];
    try {
        entries = fs.readdirSync(root);
    } catch {
        return;
    }
    for (const entry of entries.filter((name) => /\.(partial|stale)-/.test(name))) {
        const leftover = path.join(root, entry);
        try {
            if (Date.now() - fs.statSync(leftover).mtimeMs > leftoverAgeMs) fs.rmSync(leftover, { recursive: true, force: true });
        } catch {
            // Another process removed it first, or it is not ours to remove: either way not this start's concern.
        }
    }
}

/** A damaged folder is renamed out of the way (a running process may still use its files) and removed best-effort. */
function moveAside(folder: string): void {
    const aside = `${folder}.stale-${process.pid}-${Date.now()}`;
    try {
        fs.renameSync(folder, aside);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw new RuntimeError(`the runtime folder ${folder} is damaged and cannot be replaced: ${(error as Error).message}`, { cause: error });
    }
    fs.rmSync(aside, { recursive: true, force: true });
}
