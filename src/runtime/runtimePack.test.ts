import { describe, expect, test } from "bun:test";
import { RuntimeError } from "../errors.ts";
import { decodeRuntimePack, encodeRuntimePack, sha256Hex } from "./runtimePack.ts";

const files = [
    { path: "node-llama-cpp/package.json", bytes: new TextEncoder().encode('{"version":"3.21.1"}'), mode: 0o644 },
    { path: "node-llama-cpp/bins/x/llama-addon.node", bytes: new Uint8Array(5000).map((_, index) => index % 251), mode: 0o755 },
    { path: "empty", bytes: new Uint8Array(0), mode: 0o644 }
];

describe("runtime pack", () => {
    test("round-trips files with their modes and checksums", () => {
        const pack = decodeRuntimePack(encodeRuntimePack(files, 3));
        expect(pack.manifest.files.map((entry) => [entry.path, entry.size, entry.mode])).toEqual(
            files.map((file) => [file.path, file.bytes.length, file.mode]));
        for (const [index, entry] of pack.manifest.files.entries()) {
            expect(entry.sha256).toBe(sha256Hex(files[index]!.bytes));
            expect(Buffer.from(pack.read(entry)).equals(Buffer.from(files[index]!.bytes))).toBe(true);
        }
    });

    test("rejects paths that would leave the runtime folder", () => {
        for (const bad of ["../evil", "/etc/passwd", "a//b", "a/./b", "a\\b"])
            expect(() => encodeRuntimePack([{ path: bad, bytes: new Uint8Array(1), mode: 0o644 }])).toThrow(RuntimeError);
    });

    test("a damaged blob is a RuntimeError, not a crash", () => {
        const blob = encodeRuntimePack(files, 3);
        expect(() => decodeRuntimePack(blob.subarray(0, blob.length - 10))).toThrow(RuntimeError);
        expect(() => decodeRuntimePack(new Uint8Array([1, 2, 3]))).toThrow(RuntimeError);
        expect(() => decodeRuntimePack(Bun.zstdCompressSync(new TextEncoder().encode("LSRT1\nnot a pack")))).toThrow(RuntimeError);
    });

    test("a file whose bytes changed fails its checksum when read", () => {
        const raw = Bun.zstdDecompressSync(encodeRuntimePack(files, 3));
        raw[raw.length - 1] = raw[raw.length - 1]! ^ 0xff;
        const pack = decodeRuntimePack(Bun.zstdCompressSync(raw));
        const addon = pack.manifest.files[1]!;
        expect(() => pack.read(addon)).toThrow(/fails its checksum/);
    });
});
