import type { HardwareReport } from "../hardware/index.ts";
import type { MachineInfo } from "./types.ts";

export interface MachineFacts {
    readonly model: string;
    /** What the hardware probes found; absent where nothing was probed. */
    readonly hardware?: HardwareReport;
    /** The llama.cpp backend really loaded. */
    readonly backend?: string;
    readonly threads?: number;
}

/** The part of the hardware report a person glancing at the dashboard wants. */
export function machineInfo({ model, hardware, backend, threads }: MachineFacts): MachineInfo {
    return {
        model,
        backend: backend ?? null,
        threads: threads ?? null,
        platform: hardware == null ? null : `${hardware.platform} ${hardware.arch}`,
        cpu: hardware?.cpu.model ?? null,
        cores: hardware?.cpu.availableCores ?? null,
        memoryBytes: hardware?.memory.totalBytes ?? null,
        gpus: (hardware?.gpus ?? []).map((gpu) => ({ name: gpu.name, memoryBytes: gpu.memoryBytes ?? null }))
    };
}
