import type { HardwareReport } from "./types.ts";

/** What node-llama-cpp's `getLlama({ gpu })` takes: a backend, or `false` for CPU only. */
export type LlamaGpu = "cuda" | "vulkan" | "metal" | false;

/** The `gpu` setting's values. */
export type GpuSetting = "auto" | "cuda" | "vulkan" | "metal" | "cpu";

export interface GpuBackendChoice {
    readonly gpu: LlamaGpu;
    readonly reason: string;
}

/**
 * The llama.cpp backend for this machine. An explicit setting wins; `auto` takes Metal on Apple
 * Silicon, CUDA for NVIDIA, Vulkan for AMD and Intel (node-llama-cpp ships no ROCm or SYCL build),
 * and the CPU otherwise — phones included, where llama.cpp's Vulkan on mobile GPUs is slower than
 * its CPU path.
 */
export function selectGpuBackend(report: HardwareReport, setting: GpuSetting = "auto"): GpuBackendChoice {
    if (setting === "cpu") return { gpu: false, reason: "gpu setting is cpu" };
    if (setting !== "auto") return { gpu: setting, reason: `gpu setting is ${setting}` };
    const vendors = new Set(report.gpus.map((gpu) => gpu.vendor));
    if (vendors.has("apple") && report.platform === "darwin") return { gpu: "metal", reason: "Apple Silicon GPU" };
    const nvidia = report.gpus.find((gpu) => gpu.vendor === "nvidia");
    if (nvidia != null) return { gpu: "cuda", reason: `NVIDIA GPU (${nvidia.name})` };
    const other = report.gpus.find((gpu) => gpu.vendor === "amd" || (gpu.vendor === "intel" && !gpu.unified));
    if (other != null) return { gpu: "vulkan", reason: `${other.vendor === "amd" ? "AMD" : "Intel"} GPU (${other.name}) through Vulkan` };
    return { gpu: false, reason: report.gpus.length > 0 ? "no GPU llama.cpp runs faster on than the CPU" : "no GPU found" };
}
