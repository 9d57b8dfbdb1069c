import type { GpuInfo, HardwareReport } from "./types.ts";

/** How much memory the model and its workers may take, and the rule that gave it. */
export interface MemoryBudget {
    readonly bytes: number;
    /** `vram`: discrete GPUs; `unified`: Apple Silicon or a phone; `ram`: CPU only. */
    readonly kind: "vram" | "unified" | "ram";
    /** The GPUs whose memory the budget is, for `vram`. */
    readonly gpus: readonly GpuInfo[];
    /** The rule in words, e.g. "90 % of 24.0 GB VRAM". */
    readonly rule: string;
    /** CPU-only (`ram`): cores llama.cpp may use, which bound how large a model stays usable. */
    readonly cpuCores?: number;
}

const gigabyte = 1e9;
/** What the operating system and other programs keep when the model shares the RAM. */
const reservedForSystem = 4 * gigabyte;
const vramShare = 0.9;

/**
 * The memory budget: 90 % of the VRAM of the discrete GPUs llama.cpp will use (NVIDIA first, else
 * AMD); otherwise RAM − 4 GB (Apple Silicon, phones and CPU-only machines), never below half of the
 * RAM so that small machines still run a small model.
 */
export function memoryBudget(report: HardwareReport): MemoryBudget {
    for (const vendor of ["nvidia", "amd"] as const) {
        const gpus = report.gpus.filter((gpu) => gpu.vendor === vendor && !gpu.unified && gpu.memoryBytes != null);
        if (gpus.length === 0) continue;
        const vram = gpus.reduce((sum, gpu) => sum + (gpu.memoryBytes ?? 0), 0);
        return {
            bytes: Math.floor(vram * vramShare),
            kind: "vram",
            gpus,
            rule: `90 % of ${formatBytes(vram)} VRAM${gpus.length > 1 ? ` on ${gpus.length} GPUs` : ""}`
        };
    }
    const ram = report.memory.totalBytes;
    const unified = report.gpus.some((gpu) => gpu.unified && (gpu.vendor === "apple" || gpu.vendor === "qualcomm"));
    const bytes = Math.floor(Math.max(ram - reservedForSystem, ram / 2));
    const limited = report.memory.cgroupLimitBytes != null ? " (cgroup limit)" : "";
    const rule = ram - reservedForSystem >= ram / 2
        ? `${formatBytes(ram)} RAM${limited} − 4 GB for the system`
        : `half of ${formatBytes(ram)} RAM${limited} (the floor below RAM − 4 GB)`;
    return unified
        ? { bytes, kind: "unified", gpus: [], rule }
        : { bytes, kind: "ram", gpus: [], rule, cpuCores: report.cpu.availableCores };
}

/** Decimal gigabytes with one decimal, as model cards and disk sizes use: "14.4 GB". */
export function formatBytes(bytes: number): string {
    if (bytes >= gigabyte) return `${(bytes / gigabyte).toFixed(1)} GB`;
    if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
    return `${Math.round(bytes / 1e3)} kB`;
}
