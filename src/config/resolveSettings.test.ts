import { describe, expect, test } from "bun:test";
import { ConfigError } from "../errors.ts";
import { parseCommandLine } from "./parseCommandLine.ts";
import { resolveSettings } from "./resolveSettings.ts";

describe("resolveSettings", () => {
    test("flag beats env beats file beats default", () => {
        const file = { workers: 2, port: 9000, host: "127.0.0.2" };
        const env = { LOCAL_SWARM_PORT: "9100", LOCAL_SWARM_HOST: "127.0.0.3" };
        const settings = resolveSettings({ flags: { host: "127.0.0.4" }, env, file });
        expect(settings.host).toBe("127.0.0.4");
        expect(settings.port).toBe(9100);
        expect(settings.workers).toBe(2);
        expect(settings.maxTokens).toBe(512);
    });

    test("bad values name their origin", () => {
        expect(() => resolveSettings({ env: { LOCAL_SWARM_WORKERS: "many" } })).toThrow(/LOCAL_SWARM_WORKERS: workers must be a number/);
        expect(() => resolveSettings({ flags: { workers: "-1" } })).toThrow(/workers must be at least 0/);
        expect(() => resolveSettings({ file: { strategy: "dice" }, fileName: "c.json" })).toThrow(/c.json: strategy must be one of/);
        expect(() => resolveSettings({ file: { wrokers: 3 }, fileName: "c.json" })).toThrow(/unknown setting "wrokers"/);
    });
});

describe("parseCommandLine", () => {
    const kinds = { workers: "integer", mdns: "boolean", peer: "list", model: "string" } as const;

    test("values, switches, negations, lists and positionals", () => {
        const parsed = parseCommandLine(["--workers", "4", "--no-mdns", "--peer=a:1", "--peer", "b:2", "hello", "--", "--model"], kinds);
        expect(parsed.values).toEqual({ workers: "4", mdns: false, peer: ["a:1", "b:2"] });
        expect(parsed.positionals).toEqual(["hello", "--model"]);
    });

    test("unknown options and missing values are errors", () => {
        expect(() => parseCommandLine(["--wrokers", "4"], kinds)).toThrow(ConfigError);
        expect(() => parseCommandLine(["--model"], kinds)).toThrow(/needs a value/);
        expect(() => parseCommandLine(["-x"], kinds)).toThrow(/unknown option/);
    });
});
