import path from "node:path";

/** The id a served model goes by: its GGUF file's name without `.gguf`, as the API and the CLI show it. */
export function modelIdOf(file: string): string {
    return path.basename(file).replace(/\.gguf$/i, "");
}
