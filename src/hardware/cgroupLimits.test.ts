import { describe, expect, test } from "bun:test";
import { cgroupLimits } from "./cgroupLimits.ts";

function files(recorded: Record<string, string>) {
    return (file: string) => recorded[file];
}

describe("cgroupLimits", () => {
    test("v2 memory.max, with 'max' meaning no limit", () => {
        expect(cgroupLimits(files({ "/proc/self/cgroup": "0::/app\n", "/sys/fs/cgroup/app/memory.max": "4294967296\n" }))).toEqual({ memoryBytes: 4294967296 });
        expect(cgroupLimits(files({ "/proc/self/cgroup": "0::/app\n", "/sys/fs/cgroup/app/memory.max": "max\n" }))).toEqual({});
    });

    test("v1 memory.limit_in_bytes, with the page-rounded huge value meaning no limit", () => {
        const proc = "4:memory:/process/abc\n1:cpu:/\n0::/\n";
        expect(cgroupLimits(files({ "/proc/self/cgroup": proc, "/sys/fs/cgroup/memory/process/abc/memory.limit_in_bytes": "2147483648\n" }))).toEqual({ memoryBytes: 2147483648 });
        expect(cgroupLimits(files({ "/proc/self/cgroup": proc, "/sys/fs/cgroup/memory/process/abc/memory.limit_in_bytes": "9223372036854771712\n" }))).toEqual({});
    });

    test("no /proc/self/cgroup (not Linux) means no limits", () => {
        expect(cgroupLimits(files({}))).toEqual({});
    });
});
