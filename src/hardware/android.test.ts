import { describe, expect, test } from "bun:test";
import { fixture, ok, recordedExec } from "../../test/support/recordedExec.ts";
import { isAndroid, parseGetprop, probeAndroid } from "./android.ts";

const noFiles = () => undefined;

describe("Android (Termux)", () => {
    test("recognised by platform or by Termux's environment", () => {
        expect(isAndroid("android", {})).toBe(true);
        expect(isAndroid("linux", { PREFIX: "/data/data/com.termux/files/usr" })).toBe(true);
        expect(isAndroid("linux", { TERMUX_VERSION: "0.118.1" })).toBe(true);
        expect(isAndroid("linux", { PREFIX: "/usr/local" })).toBe(false);
    });

    test("a Snapdragon phone has an Adreno GPU on shared memory", () => {
        expect(parseGetprop(fixture("getprop-galaxy-s23.txt"), "")).toEqual({
            gpus: [{ vendor: "qualcomm", name: "Adreno (SM8550)", unified: true }],
            device: { manufacturer: "samsung", model: "SM-S911B", soc: "SM8550" }
        });
    });

    test("a Tensor phone has no Qualcomm GPU", () => {
        expect(parseGetprop(fixture("getprop-pixel-8.txt"), "")).toEqual({ gpus: [], device: { manufacturer: "Google", model: "Pixel 8", soc: "Tensor G3" } });
    });

    test("an old phone's SoC comes from /proc/cpuinfo", async () => {
        const cpuinfo = fixture("cpuinfo-old-snapdragon.txt");
        const outcome = await probeAndroid(recordedExec({ getprop: ok("getprop-old-phone.txt") }), (file) => (file === "/proc/cpuinfo" ? cpuinfo : undefined), 1000);
        expect(outcome.device).toEqual({ manufacturer: "Xiaomi", model: "Redmi Note 7", soc: "Qualcomm Technologies, Inc SDM660" });
        expect(outcome.gpus.map((gpu) => gpu.vendor)).toEqual(["qualcomm"]);
    });

    test("garbage, missing tool and timeout", async () => {
        expect(parseGetprop(fixture("garbage.txt"), "")).toBeUndefined();
        expect((await probeAndroid(recordedExec({ getprop: ok("garbage.txt") }), noFiles, 1000)).note?.status).toBe("unreadable");
        expect((await probeAndroid(recordedExec({}), noFiles, 1000)).note?.status).toBe("missing");
        expect((await probeAndroid(recordedExec({ getprop: { kind: "timeout" } }), noFiles, 1000)).note?.status).toBe("timeout");
    });
});
