import { describe, expect, test } from "bun:test";
import os from "node:os";
import { availableCores } from "./availableCores.ts";

/** A file system made of recorded cgroup files. */
function files(recorded: Record<string, string>) {
    return (file: string) => recorded[file];
}

describe("availableCores", () => {
    test("without cgroup limits it is the process's parallelism", () => {
        expect(availableCores({ read: files({}), parallelism: 8 })).toBe(8);
        expect(availableCores({ read: files({ "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/cpu.max": "max 100000\n" }), parallelism: 8 })).toBe(8);
    });

    test("cgroup v2 cpu.max lowers it, rounded down, at least 1", () => {
        const proc = { "/proc/self/cgroup": "0::/system.slice/local-swarm.service\n" };
        expect(availableCores({ read: files({ ...proc, "/sys/fs/cgroup/system.slice/local-swarm.service/cpu.max": "200000 100000\n" }), parallelism: 16 })).toBe(2);
        expect(availableCores({ read: files({ ...proc, "/sys/fs/cgroup/system.slice/local-swarm.service/cpu.max": "150000 100000\n" }), parallelism: 16 })).toBe(1);
        expect(availableCores({ read: files({ ...proc, "/sys/fs/cgroup/cpu.max": "50000 100000\n" }), parallelism: 16 })).toBe(1);
    });

    test("an ancestor's tighter quota binds the process", () => {
        const read = files({
            "/proc/self/cgroup": "0::/kubepods/pod1/container\n",
            "/sys/fs/cgroup/kubepods/pod1/container/cpu.max": "800000 100000",
            "/sys/fs/cgroup/kubepods/pod1/cpu.max": "300000 100000"
        });
        expect(availableCores({ read, parallelism: 16 })).toBe(3);
    });

    test("never more than the parallelism, even with a larger quota", () => {
        const read = files({ "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/cpu.max": "6400000 100000" });
        expect(availableCores({ read, parallelism: 4 })).toBe(4);
    });

    test("cgroup v1 cfs quota and period", () => {
        const proc = { "/proc/self/cgroup": "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n" };
        const limited = files({
            ...proc,
            "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "400000\n",
            "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n"
        });
        expect(availableCores({ read: limited, parallelism: 32 })).toBe(4);
        const unlimited = files({
            ...proc,
            "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "-1\n",
            "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n"
        });
        expect(availableCores({ read: unlimited, parallelism: 32 })).toBe(32);
    });

    test("garbage in cgroup files is ignored", () => {
        const read = files({ "/proc/self/cgroup": "not a cgroup line\n0::/\n", "/sys/fs/cgroup/cpu.max": "lots of cpu" });
        expect(availableCores({ read, parallelism: 6 })).toBe(6);
    });

    test("on this machine it is between 1 and os.availableParallelism()", () => {
        const cores = availableCores();
        expect(cores).toBeGreaterThanOrEqual(1);
        expect(cores).toBeLessThanOrEqual(os.availableParallelism());
    });
});
