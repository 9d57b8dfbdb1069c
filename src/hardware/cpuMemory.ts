import si from "systeminformation";
import { availableCores } from "./availableCores.ts";
import { cgroupLimits, type ReadText } from "./cgroupLimits.ts";
import type { CpuInfo, MemoryInfo } from "./types.ts";

/** The part of systeminformation the CPU and memory probe reads; replaceable so tests feed recordings. */
export interface SystemInfo {
    cpu(): Promise<{ manufacturer: string; brand: string; physicalCores: number; cores: number }>;
    mem(): Promise<{ total: number; available: number }>;
}

export const realSystemInfo: SystemInfo = { cpu: () => si.cpu(), mem: () => si.mem() };

/** CPU and RAM, with the cgroup memory limit and CPU quota applied (a container sees what it may use). */
/** `parallelism` defaults to `os.availableParallelism()`. */
export async function probeCpuMemory(system: SystemInfo, read: ReadText, parallelism?: number): Promise<{ cpu: CpuInfo; memory: MemoryInfo }> {
    const [cpu, mem] = await Promise.all([system.cpu(), system.mem()]);
    const limit = cgroupLimits(read).memoryBytes;
    const logicalCores = Math.max(1, cpu.cores);
    const model = [cpu.manufacturer, cpu.brand].filter((part) => part !== "").join(" ") || "unknown CPU";
    return {
        cpu: {
            model,
            physicalCores: Math.max(1, cpu.physicalCores || logicalCores),
            logicalCores,
            availableCores: availableCores({ read, parallelism })
        },
        memory: {
            totalBytes: limit != null ? Math.min(mem.total, limit) : mem.total,
            availableBytes: limit != null ? Math.min(mem.available, limit) : mem.available,
            ...(limit != null && limit < mem.total ? { cgroupLimitBytes: limit } : {})
        }
    };
}
