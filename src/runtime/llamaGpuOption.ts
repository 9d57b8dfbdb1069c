import { buildInfo } from "./buildInfo.ts";

/**
 * Maps the `gpu` setting to node-llama-cpp's `getLlama({ gpu })`. A compiled binary carries one
 * backend, so there `auto` means that backend (probing others would only log that their addon is
 * missing); from source, `auto` lets node-llama-cpp pick among the installed prebuilt addons.
 */
export function llamaGpuOption(gpu: "auto" | "cuda" | "vulkan" | "metal" | "cpu"): "auto" | "cuda" | "vulkan" | "metal" | false {
    const chosen = gpu === "auto" && buildInfo != null ? buildInfo.variant : gpu;
    return chosen === "cpu" ? false : chosen;
}
