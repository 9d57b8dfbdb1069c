import { expect, test } from "bun:test";
import { buildInfo } from "./buildInfo.ts";
import { embeddedBackend } from "./embeddedBackend.ts";

test("from source, the probed backend stands (every installed backend can load)", () => {
    expect(buildInfo).toBeUndefined();
    const probed = { gpu: "cuda" as const, reason: "NVIDIA GPU (H100)" };
    expect(embeddedBackend(probed)).toBe(probed);
});
