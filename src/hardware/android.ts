import type { Exec } from "./exec.ts";
import type { ReadText } from "./cgroupLimits.ts";
import { probeOutcome } from "./probeOutcome.ts";
import type { DeviceInfo, GpuInfo, ProbeOutcome } from "./types.ts";

/** True under Android: Node's own platform name, or Termux's environment on a Linux-reporting runtime. */
export function isAndroid(platform: string, env: NodeJS.ProcessEnv): boolean {
    return platform === "android" || env.TERMUX_VERSION != null || (env.PREFIX ?? "").includes("com.termux") || env.ANDROID_ROOT != null;
}

/** Phone model and SoC from `getprop` (all properties) with `/proc/cpuinfo`'s `Hardware` line as a fallback. */
export async function probeAndroid(exec: Exec, read: ReadText, timeoutMs: number): Promise<ProbeOutcome> {
    const cpuinfo = read("/proc/cpuinfo") ?? "";
    return probeOutcome("getprop", await exec("getprop", [], { timeoutMs }), (stdout) => parseGetprop(stdout, cpuinfo));
}

/**
 * `getprop` prints `[name]: [value]` lines. The SoC comes from `ro.soc.model` (Android 12+), else
 * `ro.board.platform`, else the `Hardware` line of /proc/cpuinfo (older kernels). A Qualcomm SoC
 * has an Adreno GPU sharing the phone's RAM.
 */
export function parseGetprop(stdout: string, cpuinfo: string): { gpus: GpuInfo[]; device: DeviceInfo } | undefined {
    const props = new Map<string, string>();
    for (const line of stdout.split("\n")) {
        const match = /^\[([^\]]+)\]:\s*\[(.*)\]$/.exec(line.trim());
        if (match != null) props.set(match[1] as string, (match[2] as string).trim());
    }
    if (props.size === 0) return undefined;
    const hardwareLine = /^Hardware\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
    const soc = nonEmpty(props.get("ro.soc.model")) ?? nonEmpty(props.get("ro.board.platform")) ?? hardwareLine;
    const manufacturer = nonEmpty(props.get("ro.product.manufacturer"));
    const model = nonEmpty(props.get("ro.product.model"));
    const device: DeviceInfo = {
        ...(manufacturer != null ? { manufacturer } : {}),
        ...(model != null ? { model } : {}),
        ...(soc != null ? { soc } : {})
    };
    const socMaker = `${props.get("ro.soc.manufacturer") ?? ""} ${hardwareLine ?? ""} ${props.get("ro.hardware") ?? ""}`;
    const qualcomm = /\b(QTI|Qualcomm|qcom)\b/i.test(socMaker) || /^SM\d{4}/i.test(soc ?? "");
    return { gpus: qualcomm ? [{ vendor: "qualcomm", name: `Adreno (${soc ?? "Snapdragon"})`, unified: true }] : [], device };
}

function nonEmpty(value: string | undefined): string | undefined {
    return value != null && value !== "" ? value : undefined;
}
