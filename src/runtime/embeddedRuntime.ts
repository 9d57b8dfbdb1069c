import path from "node:path";
import { pathToFileURL } from "node:url";
import { RuntimeError } from "../errors.ts";
import { userPaths } from "../config/index.ts";
import { buildInfo } from "./buildInfo.ts";
import { ensureRuntime } from "./ensureRuntime.ts";

/**
 * The bridge between a compiled binary and the node-llama-cpp code bundled into it. node-llama-cpp
 * finds its prebuilt addon, grammars and package files relative to its own modules; the build
 * rewrites its `import.meta.url` to `nodeLlamaCppModuleUrl(...)` so those paths land in the
 * unpacked runtime folder, and calls `prepareEmbeddedRuntime()` at the top of `getLlama`, so the
 * folder exists before anything in it is read. Running from source, none of this is used.
 */
const embeddedPackPattern = /^local-swarm-runtime.*\.zst$/;

/** `<cache dir>/runtime/<runtime id>`: one folder per build of the runtime. */
function runtimeFolder(): string {
    if (buildInfo == null) throw new RuntimeError("this is not a compiled binary; the runtime comes from node_modules");
    return path.join(userPaths().cacheDir, "runtime", buildInfo.runtimeId);
}

/** Where node-llama-cpp's package root lies inside the runtime folder. */
export function nodeLlamaCppPackageDir(): string {
    return path.join(runtimeFolder(), "node-llama-cpp");
}

/** The URL node-llama-cpp's `packagePath` (e.g. `dist/config.js`) would have if it were installed in the runtime folder. */
export function nodeLlamaCppModuleUrl(packagePath: string): string {
    return pathToFileURL(path.join(nodeLlamaCppPackageDir(), ...packagePath.split("/"))).href;
}

let prepared: Promise<string> | undefined;

/** Unpacks the embedded runtime into the cache on first use (once per version); resolves to its folder. */
export function prepareEmbeddedRuntime(): Promise<string> {
    prepared ??= ensureRuntime({
        root: path.dirname(runtimeFolder()),
        runtimeId: path.basename(runtimeFolder()),
        readPack: readEmbeddedPack,
        onExtract: (folder) => process.stderr.write(`local-swarm: unpacking the inference runtime into ${folder} (first start only)\n`)
    });
    return prepared;
}

async function readEmbeddedPack(): Promise<Uint8Array> {
    const pack = Bun.embeddedFiles.find((file) => embeddedPackPattern.test((file as Bun.BunFile).name ?? ""));
    if (pack == null) throw new RuntimeError("this binary carries no inference runtime; download a complete build");
    return new Uint8Array(await pack.arrayBuffer());
}

/**
 * node-llama-cpp tests a prebuilt addon in a child process before loading it, by forking its own
 * module; in a compiled binary that child is this binary again, and the bundled module answers
 * the parent by itself. The CLI must then stay out of the way.
 */
export function isAddonTestChild(): boolean {
    return process.env.TEST_BINDING_CP === "true" && process.send != null;
}
