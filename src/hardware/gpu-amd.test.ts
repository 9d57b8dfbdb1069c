import { describe, expect, test } from "bun:test";
import { fixture, ok, recordedExec } from "../../test/support/recordedExec.ts";
import { parseRocmSmi, probeAmd } from "./gpu-amd.ts";

describe("rocm-smi", () => {
    test("a Radeon RX 7900 XTX", () => {
        expect(parseRocmSmi(fixture("rocm-smi-7900xtx.json"))).toEqual({
            gpus: [{ vendor: "amd", name: "Navi 31 [Radeon RX 7900 XT/7900 XTX]", memoryBytes: 25753026560, freeMemoryBytes: 25753026560 - 1124073472, unified: false }]
        });
    });

    test("two MI210s after a warning line, 'Card Series' spelling, system entry skipped", () => {
        const gpus = parseRocmSmi(fixture("rocm-smi-mi210-warning.json"))?.gpus ?? [];
        expect(gpus.map((gpu) => [gpu.name, gpu.memoryBytes])).toEqual([
            ["Aldebaran/MI200 [Instinct MI210]", 68702699520],
            ["Aldebaran/MI200 [Instinct MI210]", 68702699520]
        ]);
    });

    test("garbage, missing tool and timeout find no GPU", async () => {
        expect(parseRocmSmi(fixture("garbage.txt"))).toBeUndefined();
        expect(parseRocmSmi("{not json}")).toBeUndefined();
        expect((await probeAmd(recordedExec({ "rocm-smi": ok("garbage.txt") }), 1000)).note?.status).toBe("unreadable");
        expect((await probeAmd(recordedExec({}), 1000)).note?.status).toBe("missing");
        expect((await probeAmd(recordedExec({ "rocm-smi": { kind: "timeout" } }), 1000)).note?.status).toBe("timeout");
    });
});
