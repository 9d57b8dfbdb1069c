import type { Exec } from "./exec.ts";
import { probeOutcome } from "./probeOutcome.ts";
import type { DeviceInfo, GpuInfo, ProbeOutcome } from "./types.ts";

const sysctlArgs = ["hw.memsize", "machdep.cpu.brand_string", "hw.model"] as const;

/** Apple Silicon from `sysctl hw.memsize machdep.cpu.brand_string hw.model`: its GPU uses the unified memory. */
export async function probeApple(exec: Exec, timeoutMs: number): Promise<ProbeOutcome> {
    return probeOutcome("sysctl", await exec("sysctl", sysctlArgs, { timeoutMs }), parseSysctl);
}

/** sysctl prints `name: value` lines. An Intel Mac (brand `Intel(R) Core…`) has no Metal GPU llama.cpp uses well. */
export function parseSysctl(stdout: string): { gpus: GpuInfo[]; device: DeviceInfo } | undefined {
    const values = new Map<string, string>();
    for (const line of stdout.split("\n")) {
        const match = /^([a-z0-9_.]+):\s*(.*)$/i.exec(line.trim());
        if (match != null) values.set(match[1] as string, (match[2] as string).trim());
    }
    const memsize = values.get("hw.memsize");
    const brand = values.get("machdep.cpu.brand_string");
    if (memsize == null || !/^\d+$/.test(memsize) || brand == null) return undefined;
    const model = values.get("hw.model");
    const device: DeviceInfo = { manufacturer: "Apple", soc: brand, ...(model != null && model !== "" ? { model } : {}) };
    if (!/^Apple\b/.test(brand)) return { gpus: [], device };
    return { gpus: [{ vendor: "apple", name: `${brand} GPU`, memoryBytes: Number(memsize), unified: true }], device };
}
