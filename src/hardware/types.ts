export type GpuVendor = "nvidia" | "amd" | "intel" | "apple" | "qualcomm";

export interface GpuInfo {
    readonly vendor: GpuVendor;
    readonly name: string;
    /** Memory the GPU can use, in bytes; absent when its tool does not report it. */
    readonly memoryBytes?: number;
    readonly freeMemoryBytes?: number;
    /** Shares the system RAM (Apple Silicon, phones, integrated GPUs) rather than having its own VRAM. */
    readonly unified: boolean;
    readonly driver?: string;
}

/** Why a probe found nothing: its tool is absent, failed, hung, or printed something unreadable. */
export interface ProbeNote {
    readonly probe: string;
    readonly status: "missing" | "failed" | "timeout" | "unreadable";
    readonly detail?: string;
}

/** Phone or computer model, where the platform reports one (Android, macOS). */
export interface DeviceInfo {
    readonly manufacturer?: string;
    readonly model?: string;
    readonly soc?: string;
}

/** What one platform probe found. */
export interface ProbeOutcome {
    readonly gpus: readonly GpuInfo[];
    readonly device?: DeviceInfo;
    readonly note?: ProbeNote;
}

export interface CpuInfo {
    readonly model: string;
    readonly physicalCores: number;
    readonly logicalCores: number;
    /** Cores this process may really use (affinity and cgroup quota applied). */
    readonly availableCores: number;
}

export interface MemoryInfo {
    /** Physical RAM, lowered to the cgroup memory limit when one is set. */
    readonly totalBytes: number;
    readonly availableBytes: number;
    readonly cgroupLimitBytes?: number;
}

export type HardwarePlatform = "linux" | "darwin" | "win32" | "android" | "other";

export interface HardwareReport {
    readonly platform: HardwarePlatform;
    readonly arch: string;
    readonly cpu: CpuInfo;
    readonly memory: MemoryInfo;
    readonly gpus: readonly GpuInfo[];
    readonly device?: DeviceInfo;
    /** Probes that found nothing and why, for `hardware` to show. */
    readonly notes: readonly ProbeNote[];
}
