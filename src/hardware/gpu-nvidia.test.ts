import { describe, expect, test } from "bun:test";
import { fixture, ok, recordedExec } from "../../test/support/recordedExec.ts";
import { parseNvidiaSmi, probeNvidia } from "./gpu-nvidia.ts";

const mib = 1024 * 1024;

describe("nvidia-smi", () => {
    test("one H100", () => {
        expect(parseNvidiaSmi(fixture("nvidia-smi-h100.csv"))).toEqual({
            gpus: [{ vendor: "nvidia", name: "NVIDIA H100 80GB HBM3", memoryBytes: 81559 * mib, freeMemoryBytes: 81004 * mib, unified: false, driver: "550.54.15" }]
        });
    });

    test("two GPUs, one line each", () => {
        const gpus = parseNvidiaSmi(fixture("nvidia-smi-2x4090.csv"))?.gpus ?? [];
        expect(gpus.map((gpu) => [gpu.name, gpu.memoryBytes])).toEqual([["NVIDIA GeForce RTX 4090", 24564 * mib], ["NVIDIA GeForce RTX 4090", 24564 * mib]]);
    });

    test("[N/A] memory is left unknown", () => {
        expect(parseNvidiaSmi(fixture("nvidia-smi-jetson.csv"))).toEqual({ gpus: [{ vendor: "nvidia", name: "Orin", unified: false, driver: "540.3.0" }] });
    });

    test("garbage is unreadable, not a GPU", async () => {
        expect(parseNvidiaSmi(fixture("garbage.txt"))).toBeUndefined();
        const outcome = await probeNvidia(recordedExec({ "nvidia-smi": ok("garbage.txt") }), 1000);
        expect(outcome.gpus).toEqual([]);
        expect(outcome.note?.status).toBe("unreadable");
    });

    test("missing tool, failing driver and timeout are notes", async () => {
        expect((await probeNvidia(recordedExec({}), 1000)).note).toEqual({ probe: "nvidia-smi", status: "missing" });
        const failed = await probeNvidia(recordedExec({ "nvidia-smi": { kind: "failed", exitCode: 9, stderr: fixture("nvidia-smi-no-driver.txt") } }), 1000);
        expect(failed.note?.status).toBe("failed");
        expect(failed.note?.detail).toContain("couldn't communicate with the NVIDIA driver");
        expect((await probeNvidia(recordedExec({ "nvidia-smi": { kind: "timeout" } }), 1000)).note).toEqual({ probe: "nvidia-smi", status: "timeout" });
    });

    test("asks nvidia-smi for CSV without units", async () => {
        const exec = recordedExec({ "nvidia-smi": ok("nvidia-smi-h100.csv") });
        await probeNvidia(exec, 1000);
        expect(exec.calls).toEqual(["nvidia-smi --query-gpu=name,memory.total,memory.free,driver_version --format=csv,noheader,nounits"]);
    });
});
