import fs from "node:fs";
import path from "node:path";
import { InvalidRequestError } from "../errors.ts";
import { sha256File } from "./downloadModel.ts";
import { storedModelPath } from "./modelStore.ts";
import { validateGguf } from "./validateGguf.ts";

export interface ImportResult {
    readonly path: string;
    readonly bytes: number;
    readonly alreadyPresent: boolean;
}

/**
 * `models pull ./model.gguf`: copies a GGUF file from this machine into `<models>/local/<name>`,
 * after checking it is a well-formed GGUF. The copy goes to `<name>.partial` first and is renamed
 * once complete, so an interrupted import leaves no file that looks whole. The same file imported
 * again is found there; a different file of the same name is refused.
 */
export async function importModelFile(file: string, modelsDir: string): Promise<ImportResult> {
    await validateGguf(file);
    const name = path.basename(file).replace(/[^\w.-]/g, "_");
    const target = storedModelPath(modelsDir, { relativePath: `local/${name.toLowerCase().endsWith(".gguf") ? name : `${name}.gguf`}`, url: "", huggingFace: false, label: name });
    const bytes = fs.statSync(file).size;
    if (fs.existsSync(target)) {
        if (fs.statSync(target).size === bytes && (await sha256File(target)) === (await sha256File(file))) return { path: target, bytes, alreadyPresent: true };
        throw new InvalidRequestError(`a different ${path.basename(target)} is already in the models folder (${target}); delete that one first, or rename this file`, { param: "model" });
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    try {
        await fs.promises.copyFile(file, partial);
        fs.renameSync(partial, target);
    } catch (error) {
        fs.rmSync(partial, { force: true });
        throw error;
    }
    return { path: target, bytes, alreadyPresent: false };
}
