import { expect, test } from "bun:test";
import { placeProgram } from "./placeProgram.ts";

const spec = { configFile: "/home/ada/.config/local-swarm/config.json", dataDir: "/d", cacheDir: "/c" };
const within = (file: string) => `/stage${file}`;

test("a binary under /tmp is run from a copy in the bin folder", () => {
    const placed = placeProgram({ ...spec, command: ["/tmp/dl/local-swarm"] }, "/home/ada/.local/bin", within);
    expect(placed.spec.command).toEqual(["/home/ada/.local/bin/local-swarm"]);
    expect(placed.copy).toEqual({ path: "/stage/home/ada/.local/bin/local-swarm", copyFrom: "/tmp/dl/local-swarm", mode: 0o755 });
    expect(placed.note).toContain("a copy of /tmp/dl/local-swarm");
});

test("a binary elsewhere stays where it is; a source checkout under /tmp is only warned about", () => {
    expect(placeProgram({ ...spec, command: ["/opt/local-swarm"] }, "/usr/local/bin", within)).toEqual({ spec: { ...spec, command: ["/opt/local-swarm"] }, copy: undefined, note: undefined });
    const source = placeProgram({ ...spec, command: ["/usr/bin/bun", "/var/tmp/checkout/src/cli/main.ts"] }, "/usr/local/bin", within);
    expect(source.copy).toBeUndefined();
    expect(source.note).toStartWith("warning: /var/tmp/checkout/src/cli/main.ts is under a temporary folder");
});
