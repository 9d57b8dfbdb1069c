import fs from "node:fs";
import path from "node:path";

/** Reads a text file, or `undefined` when it is missing or unreadable. Replaceable so tests feed recordings. */
export type ReadText = (file: string) => string | undefined;

export function readTextFile(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

/** Limits the Linux control groups put on this process; a field is absent when nothing limits it. */
export interface CgroupLimits {
    /** CPU time allowed per period, in cores (cgroup v2 `cpu.max`, v1 `cpu.cfs_quota_us / cpu.cfs_period_us`). */
    readonly cpuCores?: number;
    /** Memory the process may use, in bytes (v2 `memory.max`, v1 `memory.limit_in_bytes`). */
    readonly memoryBytes?: number;
}

const root = "/sys/fs/cgroup";
/** v1 reports "unlimited" as a huge page-rounded number; anything past 2^60 bytes is no limit. */
const noLimitBytes = 2 ** 60;

/**
 * The tightest limits over this process's cgroup and its ancestors (a parent's limit binds its
 * children too), under both cgroup v2 and v1 layouts. Paths come from `/proc/self/cgroup`.
 */
export function cgroupLimits(read: ReadText = readTextFile): CgroupLimits {
    const membership = parseProcCgroup(read("/proc/self/cgroup") ?? "");
    let cpuCores: number | undefined;
    let memoryBytes: number | undefined;
    const unified = membership.get("");
    if (unified != null) {
        for (const dir of withAncestors(root, unified.path)) {
            cpuCores = tighter(cpuCores, parseCpuMax(read(path.posix.join(dir, "cpu.max"))));
            memoryBytes = tighter(memoryBytes, parseBytes(read(path.posix.join(dir, "memory.max"))));
        }
    }
    const cpu = membership.get("cpu");
    if (cpu != null) {
        for (const dir of withAncestors(path.posix.join(root, cpu.mount), cpu.path)) {
            const quota = parseInteger(read(path.posix.join(dir, "cpu.cfs_quota_us")));
            const period = parseInteger(read(path.posix.join(dir, "cpu.cfs_period_us")));
            if (quota != null && period != null && quota > 0 && period > 0) cpuCores = tighter(cpuCores, quota / period);
        }
    }
    const memory = membership.get("memory");
    if (memory != null) {
        for (const dir of withAncestors(path.posix.join(root, memory.mount), memory.path))
            memoryBytes = tighter(memoryBytes, parseBytes(read(path.posix.join(dir, "memory.limit_in_bytes"))));
    }
    return {
        ...(cpuCores != null ? { cpuCores } : {}),
        ...(memoryBytes != null ? { memoryBytes } : {})
    };
}

interface Membership {
    /** Directory of the v1 hierarchy under /sys/fs/cgroup (e.g. "cpu,cpuacct"); "" for v2. */
    readonly mount: string;
    readonly path: string;
}

/** `/proc/self/cgroup` lines are `id:controllers:path`; v2 has id 0 and no controllers. Keyed by controller, "" for v2. */
function parseProcCgroup(text: string): Map<string, Membership> {
    const result = new Map<string, Membership>();
    for (const line of text.split("\n")) {
        const match = /^\d+:([^:]*):(\/.*)$/.exec(line.trim());
        if (match == null) continue;
        const [, controllers = "", cgroupPath = "/"] = match;
        if (controllers === "") {
            result.set("", { mount: "", path: cgroupPath });
            continue;
        }
        for (const controller of controllers.split(",")) result.set(controller, { mount: controllers, path: cgroupPath });
    }
    return result;
}

/** `base/a/b/c`, `base/a/b`, `base/a`, `base` — each level whose limit may bind this process. */
function withAncestors(base: string, cgroupPath: string): string[] {
    const parts = cgroupPath.split("/").filter((part) => part !== "" && part !== "..");
    const dirs: string[] = [];
    for (let length = parts.length; length >= 0; length--) dirs.push(path.posix.join(base, ...parts.slice(0, length)));
    return dirs;
}

/** v2 `cpu.max`: `"<quota> <period>"` or `"max <period>"`. */
function parseCpuMax(text: string | undefined): number | undefined {
    const [quota, period] = (text ?? "").trim().split(/\s+/);
    const quotaValue = Number(quota);
    const periodValue = Number(period);
    if (!Number.isFinite(quotaValue) || !Number.isFinite(periodValue) || quotaValue <= 0 || periodValue <= 0) return undefined;
    return quotaValue / periodValue;
}

function parseBytes(text: string | undefined): number | undefined {
    const value = parseInteger(text);
    return value != null && value > 0 && value < noLimitBytes ? value : undefined;
}

function parseInteger(text: string | undefined): number | undefined {
    const trimmed = (text ?? "").trim();
    return /^-?\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

function tighter(current: number | undefined, next: number | undefined): number | undefined {
    if (next == null) return current;
    return current == null ? next : Math.min(current, next);
}
