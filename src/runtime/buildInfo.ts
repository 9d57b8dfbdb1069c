/** What a compiled binary was built as. `scripts/build.ts` fills it in through `define`. */
export interface BuildInfo {
    /** e.g. `linux-x64`, `android-arm64`. */
    readonly target: string;
    /** Which llama.cpp backend the embedded runtime carries. */
    readonly variant: "cpu" | "cuda" | "vulkan" | "metal";
    /** Names the runtime's cache folder: node-llama-cpp version, target, variant and the pack's checksum. */
    readonly runtimeId: string;
}

declare const LOCAL_SWARM_BUILD: BuildInfo | undefined;

/** Undefined when running from source (`bun src/cli/main.ts`), where node-llama-cpp loads from node_modules. */
export const buildInfo: BuildInfo | undefined = typeof LOCAL_SWARM_BUILD === "undefined" ? undefined : LOCAL_SWARM_BUILD;
