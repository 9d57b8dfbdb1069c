import { describe, expect, test } from "bun:test";
import { fixture, ok, recordedExec } from "../../test/support/recordedExec.ts";
import { parseSysctl, probeApple } from "./apple.ts";

describe("sysctl (macOS)", () => {
    test("Apple Silicon: a GPU on the unified memory", () => {
        expect(parseSysctl(fixture("sysctl-m3pro.txt"))).toEqual({
            gpus: [{ vendor: "apple", name: "Apple M3 Pro GPU", memoryBytes: 38654705664, unified: true }],
            device: { manufacturer: "Apple", soc: "Apple M3 Pro", model: "Mac15,6" }
        });
    });

    test("an Intel Mac has no GPU for llama.cpp", () => {
        expect(parseSysctl(fixture("sysctl-intel-mac.txt"))?.gpus).toEqual([]);
    });

    test("garbage, missing tool and timeout", async () => {
        expect(parseSysctl(fixture("garbage.txt"))).toBeUndefined();
        expect((await probeApple(recordedExec({ sysctl: ok("garbage.txt") }), 1000)).note?.status).toBe("unreadable");
        expect((await probeApple(recordedExec({}), 1000)).note?.status).toBe("missing");
        expect((await probeApple(recordedExec({ sysctl: { kind: "timeout" } }), 1000)).note?.status).toBe("timeout");
    });
});
