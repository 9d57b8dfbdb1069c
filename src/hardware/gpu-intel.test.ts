import { describe, expect, test } from "bun:test";
import { fixture, ok, recordedExec } from "../../test/support/recordedExec.ts";
import { parseSyclLs, probeIntel } from "./gpu-intel.ts";

describe("sycl-ls", () => {
    test("an Arc A770 beside integrated UHD graphics, counted once each from Level Zero", () => {
        expect(parseSyclLs(fixture("sycl-ls-arc.txt"))).toEqual({
            gpus: [
                { vendor: "intel", name: "Intel(R) Arc(TM) A770 Graphics", unified: false },
                { vendor: "intel", name: "Intel(R) UHD Graphics 770", unified: true }
            ]
        });
    });

    test("the older one-bracket format with an integrated Iris Xe", () => {
        expect(parseSyclLs(fixture("sycl-ls-old-igpu.txt"))).toEqual({ gpus: [{ vendor: "intel", name: "Intel(R) Iris(R) Xe Graphics", unified: true }] });
    });

    test("garbage is unreadable; no output means no devices", async () => {
        expect(parseSyclLs(fixture("garbage.txt"))).toBeUndefined();
        expect(parseSyclLs("")).toEqual({ gpus: [] });
        expect((await probeIntel(recordedExec({ "sycl-ls": ok("garbage.txt") }), 1000)).note?.status).toBe("unreadable");
        expect((await probeIntel(recordedExec({}), 1000)).note?.status).toBe("missing");
        expect((await probeIntel(recordedExec({ "sycl-ls": { kind: "timeout" } }), 1000)).note?.status).toBe("timeout");
    });
});
