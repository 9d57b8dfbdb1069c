import type { Exec } from "./exec.ts";
import { probeOutcome } from "./probeOutcome.ts";
import type { GpuInfo, ProbeOutcome } from "./types.ts";

/** Intel GPUs from oneAPI's `sycl-ls`. It names the devices but does not report their memory. */
export async function probeIntel(exec: Exec, timeoutMs: number): Promise<ProbeOutcome> {
    return probeOutcome("sycl-ls", await exec("sycl-ls", [], { timeoutMs }), parseSyclLs);
}

/**
 * sycl-ls prints one line per device and backend, e.g.
 * `[level_zero:gpu][level_zero:0] Intel(R) Level-Zero, Intel(R) Arc(TM) A770 Graphics 1.3 [1.3.26241]`
 * (older releases: `[ext_oneapi_level_zero:gpu:0] …`). The same GPU appears once per backend
 * (Level Zero, OpenCL), so GPUs are counted from the Level Zero lines when there are any.
 */
export function parseSyclLs(stdout: string): { gpus: GpuInfo[] } | undefined {
    const devices: { backend: string; name: string }[] = [];
    let sawDeviceLine = false;
    for (const line of stdout.split("\n")) {
        const match = /^\[([a-z_]+):(gpu|cpu|acc|fpga)[^\]]*\](?:\[[^\]]*\])?\s+([^,]+),\s+(.+)$/i.exec(line.trim());
        if (match == null) continue;
        sawDeviceLine = true;
        const [, backend = "", type = "", platform = "", rest = ""] = match;
        if (type.toLowerCase() !== "gpu" || !/intel/i.test(platform + rest)) continue;
        devices.push({ backend: backend.toLowerCase(), name: deviceName(rest) });
    }
    if (!sawDeviceLine && stdout.trim() !== "") return undefined;
    const levelZero = devices.filter((device) => device.backend.includes("level_zero"));
    const chosen = levelZero.length > 0 ? levelZero : devices.filter((device) => device.backend.includes("opencl"));
    // Integrated Intel GPUs (UHD, Iris) share system RAM; Arc and Data Center GPUs have their own.
    return {
        gpus: chosen.map((device) => ({ vendor: "intel", name: device.name, unified: !/\b(Arc|Data Center|Max|Flex)\b/i.test(device.name) }))
    };
}

/** `Intel(R) Arc(TM) A770 Graphics 1.3 [1.3.26241]` → `Intel(R) Arc(TM) A770 Graphics`. */
function deviceName(rest: string): string {
    return rest
        .replace(/\s*\[[^\]]*\]\s*$/, "")
        .replace(/\s+OpenCL\s+[\d.]+.*$/i, "")
        .replace(/\s+[\d.]+$/, "")
        .trim();
}
