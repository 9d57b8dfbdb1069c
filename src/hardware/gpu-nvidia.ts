import type { Exec } from "./exec.ts";
import { probeOutcome } from "./probeOutcome.ts";
import type { GpuInfo, ProbeOutcome } from "./types.ts";

const mebibyte = 1024 * 1024;
const nvidiaSmiArgs = ["--query-gpu=name,memory.total,memory.free,driver_version", "--format=csv,noheader,nounits"] as const;

/** NVIDIA GPUs from `nvidia-smi --query-gpu=... --format=csv,noheader,nounits` (memory in MiB). */
export async function probeNvidia(exec: Exec, timeoutMs: number): Promise<ProbeOutcome> {
    return probeOutcome("nvidia-smi", await exec("nvidia-smi", nvidiaSmiArgs, { timeoutMs }), parseNvidiaSmi);
}

/** One CSV line per GPU: `name, memory.total, memory.free, driver_version`; `[N/A]` where a value is unknown. */
export function parseNvidiaSmi(stdout: string): { gpus: GpuInfo[] } | undefined {
    const lines = stdout.split("\n").map((line) => line.trim()).filter((line) => line !== "");
    const gpus: GpuInfo[] = [];
    for (const line of lines) {
        const fields = line.split(",").map((field) => field.trim());
        if (fields.length < 4) return undefined;
        const driver = fields.pop() as string;
        const free = mib(fields.pop());
        const total = mib(fields.pop());
        const name = fields.join(", ");
        if (name === "" || total === null || free === null || !/^[\d.]+$/.test(driver)) return undefined;
        gpus.push({
            vendor: "nvidia",
            name,
            ...(total != null ? { memoryBytes: total } : {}),
            ...(free != null ? { freeMemoryBytes: free } : {}),
            unified: false,
            driver
        });
    }
    return { gpus };
}

/** MiB to bytes; `undefined` for `[N/A]`, `null` for anything else that is not a number. */
function mib(field: string | undefined): number | undefined | null {
    if (field == null) return null;
    if (/^\[?N\/A\]?$/i.test(field)) return undefined;
    return /^\d+(\.\d+)?$/.test(field) ? Math.round(Number(field) * mebibyte) : null;
}
