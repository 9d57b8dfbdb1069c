import fs from "node:fs";
import path from "node:path";
import type { RuntimePackFile } from "../../src/runtime/index.ts";

/**
 * The files node-llama-cpp reads from disk at run time, laid out as its package would be, and
 * nothing else (its JavaScript is bundled into the binary):
 * - `package.json`: its version, checked against the addon's
 * - `llama/grammars/*.gbnf`: the grammars `LlamaGrammar.getFor` loads
 * - `bins/<name>/*`: the prebuilt addon, llama.cpp's shared libraries (every CPU variant, ggml
 *   picks one at load time) and `_nlcBuildMetadata.json`; absent where the addon is built on the device
 */
export function runtimeFiles(nodeLlamaCppDir: string, prebuilt: { name: string; dir: string } | null): RuntimePackFile[] {
    const files: RuntimePackFile[] = [fileAt(path.join(nodeLlamaCppDir, "package.json"), "node-llama-cpp/package.json")];
    const grammars = path.join(nodeLlamaCppDir, "llama", "grammars");
    for (const name of fs.readdirSync(grammars).filter((entry) => entry.endsWith(".gbnf")).sort())
        files.push(fileAt(path.join(grammars, name), `node-llama-cpp/llama/grammars/${name}`));
    if (prebuilt != null) {
        const bins = path.join(prebuilt.dir, "bins", prebuilt.name);
        const names = fs.readdirSync(bins).filter((entry) => fs.statSync(path.join(bins, entry)).isFile()).sort();
        if (!names.includes("_nlcBuildMetadata.json") || !names.some((entry) => entry.endsWith(".node")))
            throw new Error(`${bins} holds no prebuilt addon`);
        for (const name of names) files.push(fileAt(path.join(bins, name), `node-llama-cpp/bins/${prebuilt.name}/${name}`));
    }
    return files;
}

function fileAt(source: string, packPath: string): RuntimePackFile {
    const executable = /\.(node|so|dylib|dll)$/.test(source) || (fs.statSync(source).mode & 0o111) !== 0;
    return { path: packPath, bytes: fs.readFileSync(source), mode: executable ? 0o755 : 0o644 };
}
