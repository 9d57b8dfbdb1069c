import fs from "node:fs";
import path from "node:path";
import type { BunPlugin } from "bun";

/**
 * Bundles node-llama-cpp so that it runs from the runtime folder a compiled binary unpacks:
 * - every `import.meta.url` in its `dist/` becomes the URL the file would have inside that folder,
 *   so the paths it derives (prebuilt bins, grammars, package.json) point there;
 * - `getLlama` and `getLlamaForOptions` (which GGUF insights call directly) first unpack the
 *   runtime (once per version) before they look for the addon;
 * - the llama.cpp release tag it reads from a JSON file while loading is inlined, since nothing is
 *   unpacked yet when the binary starts.
 * Each rewrite must match exactly; a node-llama-cpp upgrade that moves them fails the build.
 */
export function nodeLlamaCppPlugin(options: { nodeLlamaCppDir: string; bridgeModule: string; llamaCppRelease: string }): BunPlugin {
    // Bun loads modules by their real path (node_modules may be a link).
    const packageDir = fs.realpathSync(options.nodeLlamaCppDir);
    const bridge = JSON.stringify(options.bridgeModule);
    return {
        name: "local-swarm-node-llama-cpp",
        setup(build) {
            build.onLoad({ filter: /node-llama-cpp[\\/]dist[\\/].*\.js$/ }, async ({ path: file }) => {
                let contents = await Bun.file(file).text();
                const relative = path.relative(packageDir, fs.realpathSync(file)).split(path.sep).join("/");
                if (!relative.startsWith("dist/")) return { contents, loader: "js" };
                const imports: string[] = [];
                if (contents.includes("import.meta.url")) {
                    imports.push(`import { nodeLlamaCppModuleUrl as __localSwarmModuleUrl } from ${bridge};`);
                    contents = contents.replaceAll("import.meta.url", `__localSwarmModuleUrl(${JSON.stringify(relative)})`);
                }
                if (relative === "dist/bindings/getLlama.js") {
                    imports.push(`import { prepareEmbeddedRuntime as __localSwarmPrepareRuntime } from ${bridge};`);
                    contents = replaceOnce(contents, relative,
                        "export async function getLlama(options, lastBuildOptions) {",
                        "export async function getLlama(options, lastBuildOptions) {\n    await __localSwarmPrepareRuntime();");
                    // Also the entry getLlama ends in, which node-llama-cpp calls directly elsewhere (GGUF insights).
                    contents = replaceOnce(contents, relative, "export async function getLlamaForOptions(", "async function getLlamaForOptionsUnprepared(") +
                        "\nexport async function getLlamaForOptions(...args) {\n    await __localSwarmPrepareRuntime();\n    return getLlamaForOptionsUnprepared(...args);\n}\n";
                }
                if (relative === "dist/bindings/utils/binariesGithubRelease.js")
                    contents = replaceOnce(contents, relative,
                        "export const builtinLlamaCppRelease = await getBinariesGithubRelease();",
                        `export const builtinLlamaCppRelease = ${JSON.stringify(options.llamaCppRelease)};`);
                return { contents: imports.join("\n") + "\n" + contents, loader: "js" };
            });
        }
    };
}

function replaceOnce(contents: string, file: string, search: string, replacement: string): string {
    const first = contents.indexOf(search);
    if (first === -1 || contents.indexOf(search, first + 1) !== -1)
        throw new Error(`node-llama-cpp ${file} no longer has exactly one "${search}"; update scripts/build/nodeLlamaCppPlugin.ts`);
    return contents.replace(search, replacement);
}
