import fs from "node:fs";
import path from "node:path";
import { InvalidRequestError } from "../errors.ts";

/** Whether a model reference names a file on this machine (a path, or a `.gguf` name) rather than a catalog model, an `hf:` file or a URL. */
export function isLocalModelRef(ref: string): boolean {
    if (/^(hf:|https?:\/\/)/i.test(ref)) return false;
    return ref.toLowerCase().endsWith(".gguf") || path.isAbsolute(ref) || /^(~|\.{1,2})(\/|$)/.test(ref);
}

/** The file a typed path names: `~` is the home folder, a relative path starts at the current folder. Throws when there is no such file. */
export function localModelFile(typed: string, home: string): string {
    const text = typed.trim();
    const file = path.resolve(text === "~" || text.startsWith("~/") ? path.join(home, text.slice(1)) : text);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat == null) throw new InvalidRequestError(`there is no file at ${file}`, { param: "model" });
    if (!stat.isFile()) throw new InvalidRequestError(`${file} is a folder; give the .gguf file inside it`, { param: "model" });
    return file;
}
