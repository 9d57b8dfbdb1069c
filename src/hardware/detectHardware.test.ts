import { describe, expect, test } from "bun:test";
import { ok, recordedExec } from "../../test/support/recordedExec.ts";
import type { SystemInfo } from "./cpuMemory.ts";
import { detectHardware } from "./detectHardware.ts";
import { selectGpuBackend } from "./gpuBackend.ts";
import { memoryBudget } from "./memoryBudget.ts";

const gb = 1e9;

function system(totalBytes: number, cores = 8): SystemInfo {
    return {
        cpu: async () => ({ manufacturer: "Test", brand: "CPU", physicalCores: cores, cores }),
        mem: async () => ({ total: totalBytes, available: totalBytes * 0.8 })
    };
}

const noFiles = () => undefined;

describe("detectHardware", () => {
    test("Linux with an H100: 90 % of its VRAM, CUDA", async () => {
        const exec = recordedExec({ "nvidia-smi": ok("nvidia-smi-h100.csv") });
        const report = await detectHardware({ exec, read: noFiles, system: system(128 * gb, 16), platform: "linux", arch: "x64", env: {}, parallelism: 16 });
        expect(exec.calls.map((call) => call.split(" ")[0])).toEqual(["nvidia-smi", "rocm-smi", "sycl-ls"]);
        expect(report.gpus.map((gpu) => gpu.name)).toEqual(["NVIDIA H100 80GB HBM3"]);
        expect(report.notes.map((note) => `${note.probe}: ${note.status}`)).toEqual(["rocm-smi: missing", "sycl-ls: missing"]);
        const budget = memoryBudget(report);
        expect(budget.kind).toBe("vram");
        expect(budget.bytes).toBe(Math.floor(81559 * 1024 * 1024 * 0.9));
        expect(budget.rule).toBe("90 % of 85.5 GB VRAM");
        expect(selectGpuBackend(report)).toEqual({ gpu: "cuda", reason: "NVIDIA GPU (NVIDIA H100 80GB HBM3)" });
    });

    test("Linux with a Radeon: Vulkan over its VRAM", async () => {
        const report = await detectHardware({ exec: recordedExec({ "rocm-smi": ok("rocm-smi-7900xtx.json") }), read: noFiles, system: system(64 * gb), platform: "linux", env: {} });
        expect(memoryBudget(report).bytes).toBe(Math.floor(25753026560 * 0.9));
        expect(selectGpuBackend(report).gpu).toBe("vulkan");
    });

    test("Linux with an Arc A770: Vulkan, but the RAM rule since sycl-ls reports no memory", async () => {
        const report = await detectHardware({ exec: recordedExec({ "sycl-ls": ok("sycl-ls-arc.txt") }), read: noFiles, system: system(32 * gb), platform: "linux", env: {} });
        expect(selectGpuBackend(report).gpu).toBe("vulkan");
        expect(memoryBudget(report)).toMatchObject({ kind: "ram", bytes: 28 * gb });
    });

    test("a laptop with only integrated Intel graphics runs on the CPU", async () => {
        const report = await detectHardware({ exec: recordedExec({ "sycl-ls": ok("sycl-ls-old-igpu.txt") }), read: noFiles, system: system(16 * gb), platform: "linux", env: {} });
        expect(selectGpuBackend(report).gpu).toBe(false);
    });

    test("Apple M3 Pro 36 GB: unified memory − 4 GB, Metal", async () => {
        const exec = recordedExec({ sysctl: ok("sysctl-m3pro.txt") });
        const report = await detectHardware({ exec, read: noFiles, system: system(38654705664), platform: "darwin", arch: "arm64", env: {} });
        expect(exec.calls.map((call) => call.split(" ")[0])).toEqual(["sysctl"]);
        expect(report.device?.soc).toBe("Apple M3 Pro");
        expect(memoryBudget(report)).toMatchObject({ kind: "unified", bytes: 38654705664 - 4 * gb });
        expect(selectGpuBackend(report).gpu).toBe("metal");
    });

    test("a Termux phone with 4 GB: half of the RAM on the CPU", async () => {
        const exec = recordedExec({ getprop: ok("getprop-galaxy-s23.txt") });
        const report = await detectHardware({ exec, read: noFiles, system: system(4 * gb), platform: "linux", arch: "arm64", env: { PREFIX: "/data/data/com.termux/files/usr" } });
        expect(report.platform).toBe("android");
        expect(exec.calls.map((call) => call.split(" ")[0])).toEqual(["getprop"]);
        expect(memoryBudget(report)).toMatchObject({ kind: "unified", bytes: 2 * gb, rule: "half of 4.0 GB RAM (the floor below RAM − 4 GB)" });
        expect(selectGpuBackend(report).gpu).toBe(false);
    });

    test("a container's cgroup memory limit lowers the RAM and the budget", async () => {
        const read = (file: string) =>
            ({ "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/memory.max": String(12 * gb), "/sys/fs/cgroup/cpu.max": "200000 100000" })[file];
        const report = await detectHardware({ exec: recordedExec({}), read, system: system(64 * gb, 16), platform: "linux", env: {}, parallelism: 16 });
        expect(report.memory).toMatchObject({ totalBytes: 12 * gb, cgroupLimitBytes: 12 * gb });
        expect(report.cpu.availableCores).toBe(2);
        expect(memoryBudget(report)).toMatchObject({ kind: "ram", bytes: 8 * gb, rule: "12.0 GB RAM (cgroup limit) − 4 GB for the system" });
    });

    test("an explicit gpu setting wins over detection", async () => {
        const report = await detectHardware({ exec: recordedExec({ "nvidia-smi": ok("nvidia-smi-h100.csv") }), read: noFiles, system: system(64 * gb), platform: "linux", env: {} });
        expect(selectGpuBackend(report, "cpu").gpu).toBe(false);
        expect(selectGpuBackend(report, "vulkan").gpu).toBe("vulkan");
    });

    test("this machine: real tools and files, never throws", async () => {
        const report = await detectHardware();
        expect(report.cpu.availableCores).toBeGreaterThanOrEqual(1);
        expect(report.memory.totalBytes).toBeGreaterThan(0);
        expect(memoryBudget(report).bytes).toBeGreaterThan(0);
    });
});
