import { describe, expect, test } from "bun:test";
import { buildConfig, hasSetting } from "./buildConfig.ts";

describe("buildConfig", () => {
    const answers = { model: "/m.gguf", workers: 2, host: "127.0.0.1", port: 8000 };

    test("keeps the file's other settings and puts the answers on top", () => {
        expect(buildConfig({ temperature: 0.5, workers: 9 }, answers)).toEqual({ temperature: 0.5, ...answers });
    });

    test("going back to loopback removes an API key set before", () => {
        expect(buildConfig({ apiKey: "old" }, answers)).not.toHaveProperty("apiKey");
        expect(buildConfig({ apiKey: "old" }, { ...answers, host: "0.0.0.0", apiKey: "new" }).apiKey).toBe("new");
    });

    test("writes federation and tools only where this build has those settings", () => {
        const config = buildConfig({}, { ...answers, federation: true, swarmSecret: "s".repeat(32), tools: false });
        expect("federation" in config).toBe(hasSetting("federation"));
        expect("swarmSecret" in config).toBe(hasSetting("swarmSecret"));
        expect("tools" in config).toBe(hasSetting("tools"));
    });
});
