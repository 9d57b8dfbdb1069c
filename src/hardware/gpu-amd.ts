import type { Exec } from "./exec.ts";
import { probeOutcome } from "./probeOutcome.ts";
import type { GpuInfo, ProbeOutcome } from "./types.ts";

const rocmSmiArgs = ["--showproductname", "--showmeminfo", "vram", "--json"] as const;

/** AMD GPUs from `rocm-smi --showproductname --showmeminfo vram --json`. */
export async function probeAmd(exec: Exec, timeoutMs: number): Promise<ProbeOutcome> {
    return probeOutcome("rocm-smi", await exec("rocm-smi", rocmSmiArgs, { timeoutMs }), parseRocmSmi);
}

/**
 * rocm-smi's JSON is an object keyed `card0`, `card1`, … (plus `system`), each with string values
 * such as `"Card series"` (spelled `"Card Series"` by some releases) and `"VRAM Total Memory (B)"`.
 * Some releases print warnings before the JSON, so only the outermost `{…}` is read.
 */
export function parseRocmSmi(stdout: string): { gpus: GpuInfo[] } | undefined {
    const start = stdout.indexOf("{");
    const end = stdout.lastIndexOf("}");
    if (start < 0 || end < start) return undefined;
    let json: unknown;
    try {
        json = JSON.parse(stdout.slice(start, end + 1));
    } catch {
        return undefined;
    }
    if (json == null || typeof json !== "object" || Array.isArray(json)) return undefined;
    const gpus: GpuInfo[] = [];
    for (const [key, card] of Object.entries(json as Record<string, unknown>)) {
        if (!/^card\d+$/.test(key) || card == null || typeof card !== "object") continue;
        const fields = card as Record<string, unknown>;
        const name = text(fields["Card series"]) ?? text(fields["Card Series"]) ?? text(fields["Device Name"]) ?? text(fields["Card model"]) ?? "AMD GPU";
        const total = bytes(fields["VRAM Total Memory (B)"]);
        const used = bytes(fields["VRAM Total Used Memory (B)"]);
        gpus.push({
            vendor: "amd",
            name,
            ...(total != null ? { memoryBytes: total } : {}),
            ...(total != null && used != null ? { freeMemoryBytes: Math.max(0, total - used) } : {}),
            unified: false
        });
    }
    return { gpus };
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function bytes(value: unknown): number | undefined {
    const string = typeof value === "number" ? String(value) : text(value);
    return string != null && /^\d+$/.test(string) ? Number(string) : undefined;
}
