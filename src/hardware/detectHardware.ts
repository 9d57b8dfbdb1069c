import { isAndroid, probeAndroid } from "./android.ts";
import { probeApple } from "./apple.ts";
import { readTextFile, type ReadText } from "./cgroupLimits.ts";
import { probeCpuMemory, realSystemInfo, type SystemInfo } from "./cpuMemory.ts";
import { realExec, type Exec } from "./exec.ts";
import { probeAmd } from "./gpu-amd.ts";
import { probeIntel } from "./gpu-intel.ts";
import { probeNvidia } from "./gpu-nvidia.ts";
import type { HardwarePlatform, HardwareReport, ProbeOutcome } from "./types.ts";

export interface DetectHardwareOptions {
    /** Runs probe tools; default: the real processes. */
    readonly exec?: Exec;
    /** Reads /proc and /sys files; default: the real file system. */
    readonly read?: ReadText;
    /** CPU and RAM source; default: systeminformation. */
    readonly system?: SystemInfo;
    /** Default: `process.platform`. */
    readonly platform?: string;
    /** Default: `process.arch`. */
    readonly arch?: string;
    /** Default: `process.env`. */
    readonly env?: NodeJS.ProcessEnv;
    /** CPUs this process may run on; default `os.availableParallelism()`. */
    readonly parallelism?: number;
    /** How long one probe tool may run; default 5000 ms. */
    readonly timeoutMs?: number;
}

/**
 * What this machine has: CPU, RAM and GPUs. The one place that picks the platform's probes; all
 * probes of a platform run in parallel and a failed probe is a note, never an error.
 */
export async function detectHardware(options: DetectHardwareOptions = {}): Promise<HardwareReport> {
    const exec = options.exec ?? realExec;
    const read = options.read ?? readTextFile;
    const timeoutMs = options.timeoutMs ?? 5000;
    const platform = hardwarePlatform(options.platform ?? process.platform, options.env ?? process.env);
    const probes: Promise<ProbeOutcome>[] =
        platform === "android" ? [probeAndroid(exec, read, timeoutMs)]
        : platform === "darwin" ? [probeApple(exec, timeoutMs)]
        : [probeNvidia(exec, timeoutMs), probeAmd(exec, timeoutMs), probeIntel(exec, timeoutMs)];
    const [{ cpu, memory }, outcomes] = await Promise.all([
        probeCpuMemory(options.system ?? realSystemInfo, read, options.parallelism),
        Promise.all(probes)
    ]);
    const device = outcomes.find((outcome) => outcome.device != null)?.device;
    return {
        platform,
        arch: options.arch ?? process.arch,
        cpu,
        memory,
        gpus: outcomes.flatMap((outcome) => outcome.gpus),
        ...(device != null ? { device } : {}),
        notes: outcomes.flatMap((outcome) => (outcome.note != null ? [outcome.note] : []))
    };
}

function hardwarePlatform(platform: string, env: NodeJS.ProcessEnv): HardwarePlatform {
    if (isAndroid(platform, env)) return "android";
    return platform === "linux" || platform === "darwin" || platform === "win32" ? platform : "other";
}
