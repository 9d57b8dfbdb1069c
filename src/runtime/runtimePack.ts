import crypto from "node:crypto";
import { RuntimeError } from "../errors.ts";

/**
 * The embedded inference runtime travels inside the binary as one zstd-compressed blob:
 * `LSRT1\n`, a 4-byte big-endian manifest length, the manifest JSON, then every file's bytes in
 * manifest order. The manifest carries each file's size and sha256, so extraction can prove
 * that what it wrote is what the build packed.
 */
export interface RuntimePackEntry {
    /** Relative path with `/` separators, e.g. `node-llama-cpp/bins/linux-x64/llama-addon.node`. */
    readonly path: string;
    readonly size: number;
    readonly sha256: string;
    /** Unix file mode bits (0o755 for executables and shared libraries). */
    readonly mode: number;
}

export interface RuntimePackManifest {
    readonly files: readonly RuntimePackEntry[];
}

export interface RuntimePackFile {
    readonly path: string;
    readonly bytes: Uint8Array;
    readonly mode: number;
}

const magic = new TextEncoder().encode("LSRT1\n");

export function sha256Hex(bytes: Uint8Array): string {
    return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** Packs files into a compressed blob (zstd `level` 1–22; 19 packs the CPU runtime to about a sixth). */
export function encodeRuntimePack(files: readonly RuntimePackFile[], level = 19): Uint8Array {
    for (const file of files) checkEntryPath(file.path);
    const manifest: RuntimePackManifest = {
        files: files.map((file) => ({ path: file.path, size: file.bytes.length, sha256: sha256Hex(file.bytes), mode: file.mode }))
    };
    const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
    const header = new Uint8Array(magic.length + 4);
    header.set(magic);
    new DataView(header.buffer).setUint32(magic.length, manifestBytes.length);
    const raw = Buffer.concat([header, manifestBytes, ...files.map((file) => file.bytes)]);
    return Bun.zstdCompressSync(raw, { level });
}

export interface DecodedRuntimePack {
    readonly manifest: RuntimePackManifest;
    /** The bytes of one manifest entry, already checked against its sha256. */
    read(entry: RuntimePackEntry): Uint8Array;
}

/** Decompresses and checks a blob made by `encodeRuntimePack`; throws RuntimeError if it is damaged. */
export function decodeRuntimePack(blob: Uint8Array): DecodedRuntimePack {
    let raw: Uint8Array;
    try {
        raw = Bun.zstdDecompressSync(blob);
    } catch (error) {
        throw new RuntimeError("the embedded runtime is damaged (it does not decompress); download the binary again", { cause: error });
    }
    if (raw.length < magic.length + 4 || !magic.every((byte, index) => raw[index] === byte))
        throw new RuntimeError("the embedded runtime is damaged (bad header); download the binary again");
    const manifestLength = new DataView(raw.buffer, raw.byteOffset).getUint32(magic.length);
    const manifestStart = magic.length + 4;
    const manifest = parseManifest(new TextDecoder().decode(raw.subarray(manifestStart, manifestStart + manifestLength)));
    const offsets = new Map<RuntimePackEntry, number>();
    let offset = manifestStart + manifestLength;
    for (const entry of manifest.files) {
        offsets.set(entry, offset);
        offset += entry.size;
    }
    if (offset !== raw.length) throw new RuntimeError("the embedded runtime is damaged (wrong length); download the binary again");
    return {
        manifest,
        read(entry) {
            const start = offsets.get(entry);
            if (start == null) throw new RuntimeError(`${entry.path} is not in the embedded runtime`);
            const bytes = raw.subarray(start, start + entry.size);
            if (sha256Hex(bytes) !== entry.sha256)
                throw new RuntimeError(`the embedded runtime is damaged (${entry.path} fails its checksum); download the binary again`);
            return bytes;
        }
    };
}

export function parseManifest(text: string): RuntimePackManifest {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new RuntimeError("runtime manifest is not valid JSON", { cause: error });
    }
    const files = (parsed as { files?: unknown } | null)?.files;
    if (!Array.isArray(files)) throw new RuntimeError("runtime manifest has no file list");
    for (const entry of files as RuntimePackEntry[]) {
        if (typeof entry?.path !== "string" || !Number.isInteger(entry.size) || entry.size < 0 ||
            typeof entry.sha256 !== "string" || !Number.isInteger(entry.mode))
            throw new RuntimeError("runtime manifest has a malformed entry");
        checkEntryPath(entry.path);
    }
    return { files: files as RuntimePackEntry[] };
}

/** Entries stay inside the runtime folder: relative, `/`-separated, no `..` or empty parts. */
function checkEntryPath(entryPath: string): void {
    const parts = entryPath.split("/");
    if (entryPath.startsWith("/") || parts.some((part) => part === "" || part === "." || part === ".." || part.includes("\\")))
        throw new RuntimeError(`runtime entry path "${entryPath}" is not a plain relative path`);
}
