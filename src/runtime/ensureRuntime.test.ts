import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RuntimeError } from "../errors.ts";
import { ensureRuntime, manifestFileName } from "./ensureRuntime.ts";
import { encodeRuntimePack } from "./runtimePack.ts";

const pack = encodeRuntimePack([
    { path: "pkg/package.json", bytes: new TextEncoder().encode("{}"), mode: 0o644 },
    { path: "pkg/bins/lib.so", bytes: new Uint8Array(4096).fill(7), mode: 0o755 }
], 3);

let root: string;
beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-runtime-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("ensureRuntime", () => {
    test("extracts once, then reuses the folder without reading the pack", async () => {
        let reads = 0;
        const extracted: string[] = [];
        const options = { root, runtimeId: "v1-abc", readPack: async () => (reads++, pack), onExtract: (folder: string) => extracted.push(folder) };
        const folder = await ensureRuntime(options);
        expect(folder).toBe(path.join(root, "v1-abc"));
        expect(fs.readFileSync(path.join(folder, "pkg", "package.json"), "utf8")).toBe("{}");
        expect(fs.statSync(path.join(folder, "pkg", "bins", "lib.so")).mode & 0o777).toBe(0o755);
        expect(await ensureRuntime(options)).toBe(folder);
        expect(reads).toBe(1);
        expect(extracted).toEqual([folder]);
        expect(fs.readdirSync(root)).toEqual(["v1-abc"]);
    });

    test("a folder without its manifest (a crash mid-way) or with a truncated file is rebuilt", async () => {
        const options = { root, runtimeId: "v1", readPack: async () => pack };
        const folder = await ensureRuntime(options);
        fs.truncateSync(path.join(folder, "pkg", "bins", "lib.so"), 10);
        await ensureRuntime(options);
        expect(fs.statSync(path.join(folder, "pkg", "bins", "lib.so")).size).toBe(4096);
        fs.rmSync(path.join(folder, manifestFileName));
        await ensureRuntime(options);
        expect(fs.existsSync(path.join(folder, manifestFileName))).toBe(true);
        expect(fs.readdirSync(root)).toEqual(["v1"]);
    });

    test("a damaged pack leaves no folder behind", async () => {
        const damaged = pack.slice(0, pack.length - 20);
        await expect(ensureRuntime({ root, runtimeId: "v2", readPack: async () => damaged })).rejects.toBeInstanceOf(RuntimeError);
        expect(fs.readdirSync(root)).toEqual([]);
    });

    test("concurrent first starts agree on one complete folder", async () => {
        const options = { root, runtimeId: "v3", readPack: async () => pack };
        const folders = await Promise.all([ensureRuntime(options), ensureRuntime(options), ensureRuntime(options)]);
        expect(new Set(folders).size).toBe(1);
        expect(fs.readdirSync(root)).toEqual(["v3"]);
    });

    test("a crashed extraction's folder is removed once it is old, never while it may be in use", async () => {
        const old = path.join(root, "v5.partial-123-abc");
        const young = path.join(root, "v5.partial-456-def");
        for (const dir of [old, young]) fs.mkdirSync(path.join(dir, "pkg"), { recursive: true });
        const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
        fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
        await ensureRuntime({ root, runtimeId: "v5", readPack: async () => pack });
        expect(fs.readdirSync(root).sort()).toEqual(["v5", "v5.partial-456-def"]);
    });

    test("an unwritable cache is a RuntimeError naming the folder", async () => {
        const file = path.join(root, "not-a-dir");
        fs.writeFileSync(file, "");
        await expect(ensureRuntime({ root: path.join(file, "runtime"), runtimeId: "v4", readPack: async () => pack }))
            .rejects.toThrow(/cannot create the runtime cache folder/);
    });
});
