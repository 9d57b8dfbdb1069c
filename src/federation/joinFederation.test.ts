import { afterEach, expect, test } from "bun:test";
import { resolveSettings } from "../config/index.ts";
import { ConfigError, EngineError } from "../errors.ts";
import { createLogger } from "../log.ts";
import type { Voter } from "../swarm/index.ts";
import { TempFolders } from "../../test/support/TempFolders.ts";
import { FederatedSwarm } from "./FederatedSwarm.ts";
import { joinFederation } from "./joinFederation.ts";

/** Settings checks only: this voter is never asked to run. */
const local: Voter = {
    model: "stories260K",
    workers: 2,
    run: async () => {
        throw new EngineError("not used");
    }
};
const folders = new TempFolders("join");
afterEach(() => folders.dispose());

test("without a secret the node runs alone, and says how to join", () => {
    const joined = joinFederation(resolveSettings({}), local, createLogger("error"), folders.make());
    expect(joined.federation).toBeUndefined();
    expect(joined.voter).toBe(local);
    expect(joined.alone).toMatch(/no swarm secret is set.*--swarm-secret/);
    // Worded as the setting, not as a flag: the wizard's "only this machine" writes it to the config.
    const off = joinFederation(resolveSettings({ file: { federation: false, swarmSecret: "x".repeat(20) } }), local, createLogger("error"), folders.make()).alone;
    expect(off).toMatch(/^federation is off \(the federation setting is false/);
    expect(off).not.toContain("--no-federation");
});

test("bad federation settings are config errors that say what to fix", () => {
    expect(() => joinFederation(resolveSettings({ flags: { peer: ["10.0.0.2:8000"] } }), local, createLogger("error"), folders.make())).toThrow(/--peer needs a swarm secret/);
    expect(() => joinFederation(resolveSettings({ flags: { swarmSecret: "short" } }), local, createLogger("error"), folders.make())).toThrow(ConfigError);
    expect(() => joinFederation(resolveSettings({ flags: { swarmSecret: "x".repeat(20), peer: ["https://10.0.0.2"] } }), local, createLogger("error"), folders.make())).toThrow(/must be just host:port/);
});

test("with a secret the node federates, and warns when it listens on loopback only", () => {
    const lines: string[] = [];
    const joined = joinFederation(resolveSettings({ flags: { swarmSecret: "x".repeat(20) } }), local, createLogger("warn", (line) => lines.push(line)), folders.make());
    expect(joined.federation).toBeDefined();
    expect(joined.voter).toBeInstanceOf(FederatedSwarm);
    expect(joined.alone).toBeNull();
    expect(lines.join("")).toMatch(/listens on 127\.0\.0\.1, so other machines cannot reach this node/);
});
