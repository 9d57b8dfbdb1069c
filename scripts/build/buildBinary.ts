import fs from "node:fs";
import path from "node:path";
import { encodeRuntimePack, sha256Hex, type BuildInfo } from "../../src/runtime/index.ts";
import { nodeLlamaCppPlugin } from "./nodeLlamaCppPlugin.ts";
import { prebuiltPackageDir } from "./prebuiltPackage.ts";
import { runtimeFiles } from "./runtimeFiles.ts";
import { outputName, type BuildTarget, type Variant } from "./targets.ts";

export interface BuildBinaryOptions {
    readonly target: BuildTarget;
    readonly variant: Variant;
    readonly projectRoot: string;
    /** Where binaries go (default `<root>/dist`). */
    readonly outDir?: string;
    /** zstd level for the embedded runtime (default 19). */
    readonly compressionLevel?: number;
}

export interface BuiltBinary {
    readonly file: string;
    readonly size: number;
    readonly runtimeId: string;
    readonly runtimeSize: number;
}

/** Compiles one self-contained binary: the CLI bundle plus the compressed runtime for its target. */
export async function buildBinary(options: BuildBinaryOptions): Promise<BuiltBinary> {
    const { target, variant, projectRoot } = options;
    const prebuiltName = target.prebuilt[variant];
    if (prebuiltName === undefined)
        throw new Error(`${target.name} has no ${variant} build; choose one of ${Object.keys(target.prebuilt).join(", ")}`);
    const cacheDir = path.join(projectRoot, ".cache");
    const nodeLlamaCppDir = path.join(projectRoot, "node_modules", "node-llama-cpp");
    const nodeLlamaCpp = JSON.parse(fs.readFileSync(path.join(nodeLlamaCppDir, "package.json"), "utf8")) as { version: string };
    const release = JSON.parse(fs.readFileSync(path.join(nodeLlamaCppDir, "llama", "binariesGithubRelease.json"), "utf8")) as { release: string };

    const prebuilt = prebuiltName == null
        ? null
        : { name: prebuiltName, dir: await prebuiltPackageDir(prebuiltName, nodeLlamaCpp.version, projectRoot, cacheDir) };
    const pack = encodeRuntimePack(runtimeFiles(nodeLlamaCppDir, prebuilt), options.compressionLevel ?? 19);
    const workDir = path.join(cacheDir, "build", `${target.name}-${variant}`);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    const packFile = path.join(workDir, "local-swarm-runtime.zst");
    fs.writeFileSync(packFile, pack);

    const buildInfo: BuildInfo = {
        target: target.name,
        variant,
        runtimeId: `${nodeLlamaCpp.version}-${target.name}-${variant}-${sha256Hex(pack).slice(0, 16)}`
    };
    const outDir = options.outDir ?? path.join(projectRoot, "dist");
    fs.mkdirSync(outDir, { recursive: true });
    const outfile = path.join(outDir, outputName(target, variant));
    const result = await Bun.build({
        // The consensus worker thread is an entry of its own (`VoteWorker` loads it as ./src/api/consensus/voteWorkerMain.ts).
        entrypoints: [path.join(projectRoot, "src", "cli", "main.ts"), path.join(projectRoot, "src", "api", "consensus", "voteWorkerMain.ts"), packFile],
        compile: { target: target.bunTarget as Bun.Build.CompileTarget, outfile },
        minify: { whitespace: true, syntax: true },
        define: { LOCAL_SWARM_BUILD: JSON.stringify(buildInfo) },
        // Other platforms' addon packages are only imported when the unpacked runtime lacks the addon.
        external: ["@node-llama-cpp/*", "electron"],
        plugins: [nodeLlamaCppPlugin({
            nodeLlamaCppDir,
            bridgeModule: path.join(projectRoot, "src", "runtime", "embeddedRuntime.ts"),
            llamaCppRelease: release.release
        })]
    });
    if (!result.success) throw new AggregateError(result.logs, `bun build failed for ${target.name}`);
    return { file: outfile, size: fs.statSync(outfile).size, runtimeId: buildInfo.runtimeId, runtimeSize: pack.length };
}
