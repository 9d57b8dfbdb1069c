import os from "node:os";
import { cgroupLimits, readTextFile, type ReadText } from "./cgroupLimits.ts";

export interface AvailableCoresOptions {
    /** Reads cgroup files; defaults to the real file system. */
    readonly read?: ReadText;
    /** CPUs the scheduler lets this process use; defaults to `os.availableParallelism()` (affinity included). */
    readonly parallelism?: number;
}

/**
 * CPU cores really available to this process: `os.availableParallelism()` lowered to the cgroup
 * CPU quota when one is set, never more. A fractional quota is rounded down (llama.cpp threads that
 * outnumber the quota get throttled mid-step and slow every token), and the answer is at least 1.
 */
export function availableCores(options: AvailableCoresOptions = {}): number {
    const parallelism = Math.max(1, Math.floor(options.parallelism ?? os.availableParallelism()));
    const quota = cgroupLimits(options.read ?? readTextFile).cpuCores;
    if (quota == null) return parallelism;
    return Math.max(1, Math.min(parallelism, Math.floor(quota)));
}
