#!/usr/bin/env bun
/**
 * Builds self-contained binaries into dist/:
 *   bun scripts/build.ts                          every target, each with its default backend
 *   bun scripts/build.ts linux-x64 android-arm64  those targets
 *   bun scripts/build.ts linux-x64 --variant vulkan
 * Needs only this checkout's node_modules and the npm registry (for other platforms' prebuilt addons).
 */
import path from "node:path";
import { buildBinary } from "./build/buildBinary.ts";
import { buildTargets, type Variant } from "./build/targets.ts";

const projectRoot = path.resolve(import.meta.dir, "..");
const args = process.argv.slice(2);
const variantIndex = args.indexOf("--variant");
const variant = variantIndex === -1 ? undefined : (args.splice(variantIndex, 2)[1] as Variant | undefined);
const unknown = args.filter((name) => !buildTargets.some((target) => target.name === name));
if (unknown.length > 0 || (variantIndex !== -1 && variant == null)) {
    process.stderr.write(`usage: bun scripts/build.ts [${buildTargets.map((target) => target.name).join("|")}]... [--variant cpu|cuda|vulkan|metal]\n`);
    process.exit(2);
}
const chosen = args.length === 0 ? buildTargets : buildTargets.filter((target) => args.includes(target.name));
for (const target of chosen) {
    const started = performance.now();
    const built = await buildBinary({ target, variant: variant ?? target.defaultVariant, projectRoot });
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1) + " MiB";
    process.stdout.write(`${path.relative(projectRoot, built.file)}  ${mb(built.size)} (runtime ${mb(built.runtimeSize)})  ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
