/**
 * Every binary `scripts/build.ts` can make: the Bun runtime it compiles against and, per llama.cpp
 * backend, the npm package holding node-llama-cpp's prebuilt addon (its `bins/<name>` folder has
 * the same name). `null` means no prebuilt addon exists: on Android it is built on the phone.
 */
export type Variant = "cpu" | "cuda" | "vulkan" | "metal";

export interface BuildTarget {
    readonly name: string;
    readonly bunTarget: string;
    readonly defaultVariant: Variant;
    readonly prebuilt: Readonly<Partial<Record<Variant, string | null>>>;
    readonly exe: boolean;
}

export const buildTargets: readonly BuildTarget[] = [
    { name: "linux-x64", bunTarget: "bun-linux-x64", defaultVariant: "cpu", exe: false,
        prebuilt: { cpu: "linux-x64", vulkan: "linux-x64-vulkan", cuda: "linux-x64-cuda" } },
    { name: "linux-arm64", bunTarget: "bun-linux-arm64", defaultVariant: "cpu", exe: false, prebuilt: { cpu: "linux-arm64" } },
    { name: "darwin-arm64", bunTarget: "bun-darwin-arm64", defaultVariant: "metal", exe: false, prebuilt: { metal: "mac-arm64-metal" } },
    { name: "darwin-x64", bunTarget: "bun-darwin-x64", defaultVariant: "cpu", exe: false, prebuilt: { cpu: "mac-x64" } },
    { name: "windows-x64", bunTarget: "bun-windows-x64", defaultVariant: "cpu", exe: true,
        prebuilt: { cpu: "win-x64", vulkan: "win-x64-vulkan", cuda: "win-x64-cuda" } },
    { name: "android-arm64", bunTarget: "bun-linux-arm64-android", defaultVariant: "cpu", exe: false, prebuilt: { cpu: null } }
];

/** `dist/local-swarm-linux-x64`, `dist/local-swarm-linux-x64-vulkan`, `dist/local-swarm-windows-x64.exe`. */
export function outputName(target: BuildTarget, variant: Variant): string {
    const suffix = variant === target.defaultVariant ? "" : `-${variant}`;
    return `local-swarm-${target.name}${suffix}${target.exe ? ".exe" : ""}`;
}
