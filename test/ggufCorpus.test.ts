import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InvalidModelError } from "../src/errors.ts";
import { spawnServer } from "../scripts/load/spawnServer.ts";
import { estimateGgufMemory, validateGguf } from "../src/models/index.ts";
import { LlamaEngine } from "../src/swarm/index.ts";
import { mapGguf, type GgufLayout } from "./support/ggufLayout.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";
import { testModelPath } from "./support/testModel.ts";

/**
 * A corpus of malformed GGUF files made from the real test model (truncated, bad magic and
 * version, inflated counts and lengths, unknown types, nested arrays, bad alignment, tensors
 * past the end, seeded byte flips): each is refused with InvalidModelError before llama.cpp sees
 * it, and a server running beside the attempts keeps answering.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-gguf-"));
let original: Buffer;
let map: GgufLayout;
let server: TestServer;

beforeAll(async () => {
    original = fs.readFileSync(await testModelPath());
    map = mapGguf(original);
    server = await startTestServer({ workers: 2 });
});

afterAll(async () => {
    await server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
});

/** mulberry32, so the byte flips are the same on every run. */
function prng(state: number) {
    return () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

type Corruption = [name: string, make: (bytes: Buffer) => Buffer];

function entry(key: string) {
    const found = map.metadata.find((item) => item.key === key);
    if (found == null) throw new Error(`the test model has no ${key}`);
    return found;
}

function corpus(): Corruption[] {
    const edit = (change: (bytes: Buffer) => void) => (bytes: Buffer) => {
        const copy = Buffer.from(bytes);
        change(copy);
        return copy;
    };
    const tokens = entry("tokenizer.ggml.tokens");
    const scores = entry("tokenizer.ggml.scores");
    const blockCount = entry("llama.block_count");
    const lastTensor = map.tensors.at(-1)!;
    const cases: Corruption[] = [
        ["empty file", () => Buffer.alloc(0)],
        ["bad magic", edit((b) => b.write("GGUX", 0, "latin1"))],
        ["reversed magic", edit((b) => b.write("FUGG", 0, "latin1"))],
        ["version 1", edit((b) => b.writeUInt32LE(1, 4))],
        ["version 4", edit((b) => b.writeUInt32LE(4, 4))],
        ["big-endian version", edit((b) => b.writeUInt32BE(3, 4))],
        ["tensor count 2^63", edit((b) => b.writeBigUInt64LE(2n ** 63n, 8))],
        ["tensor count 1e9", edit((b) => b.writeBigUInt64LE(1_000_000_000n, 8))],
        ["metadata count 2^64-1", edit((b) => b.writeBigUInt64LE(2n ** 64n - 1n, 16))],
        ["metadata count +1000", edit((b) => b.writeBigUInt64LE(b.readBigUInt64LE(16) + 1000n, 16))],
        ["first key length 2^62", edit((b) => b.writeBigUInt64LE(2n ** 62n, map.metadata[0]!.keyAt))],
        ["first key length = file size", edit((b) => b.writeBigUInt64LE(BigInt(b.length), map.metadata[0]!.keyAt))],
        ["token array length 2^60", edit((b) => b.writeBigUInt64LE(2n ** 60n, tokens.valueAt + 4))],
        ["score array length 2^32", edit((b) => b.writeBigUInt64LE(2n ** 32n, scores.valueAt + 4))],
        ["first token string length huge", edit((b) => b.writeBigUInt64LE(2n ** 40n, tokens.valueAt + 12))],
        ["unknown value type", edit((b) => b.writeUInt32LE(13, blockCount.typeAt))],
        ["value type 2^31", edit((b) => b.writeUInt32LE(2 ** 31, blockCount.typeAt))],
        ["array of arrays", edit((b) => b.writeUInt32LE(9, tokens.valueAt))],
        ["array of unknown type", edit((b) => b.writeUInt32LE(77, scores.valueAt))],
        ["alignment 0", edit((b) => { b.write("general.alignment", blockCount.keyAt + 8, "latin1"); b.writeUInt32LE(0, blockCount.valueAt); })],
        ["alignment 48 (not a power of two)", edit((b) => { b.write("general.alignment", blockCount.keyAt + 8, "latin1"); b.writeUInt32LE(48, blockCount.valueAt); })],
        ["alignment as a float", edit((b) => { b.write("general.alignment", blockCount.keyAt + 8, "latin1"); b.writeUInt32LE(6, blockCount.typeAt); })],
        ["alignment 2^20 pushes the data past the end", edit((b) => { b.write("general.alignment", blockCount.keyAt + 8, "latin1"); b.writeUInt32LE(2 ** 20, blockCount.valueAt); })],
        ["duplicate key", edit((b) => b.write("tokenizer.ggml.eos_token_id", entry("tokenizer.ggml.bos_token_id").keyAt + 8, "latin1"))],
        ["tensor offset misaligned", edit((b) => b.writeBigUInt64LE(b.readBigUInt64LE(lastTensor.offsetAt) + 1n, lastTensor.offsetAt))],
        ["tensor offset past the end", edit((b) => b.writeBigUInt64LE(2n ** 40n, lastTensor.offsetAt))],
        ["tensor dimension 2^40", edit((b) => b.writeBigUInt64LE(2n ** 40n, map.tensors[0]!.dimsAt + 4))],
        ["tensor dimensions multiply to 2^64", edit((b) => {
            const matrix = map.tensors.find((tensor) => b.readUInt32LE(tensor.dimsAt) >= 2)!;
            b.writeBigUInt64LE(2n ** 32n, matrix.dimsAt + 4);
            b.writeBigUInt64LE(2n ** 32n, matrix.dimsAt + 12);
        })],
        ["tensor with 0 dimensions", edit((b) => b.writeUInt32LE(0, map.tensors[0]!.dimsAt))],
        ["tensor with 5 dimensions", edit((b) => b.writeUInt32LE(5, map.tensors[0]!.dimsAt))],
        ["retired tensor type 4", edit((b) => b.writeUInt32LE(4, map.tensors[0]!.typeAt))],
        ["unknown tensor type 200", edit((b) => b.writeUInt32LE(200, map.tensors[0]!.typeAt))],
        ["tensor type made larger (F32 → F64)", edit((b) => b.writeUInt32LE(28, lastTensor.typeAt))],
        ["tensor name length 2^50", edit((b) => b.writeBigUInt64LE(2n ** 50n, map.tensors[0]!.nameAt))],
        ["duplicate tensor name", edit((b) => b.copy(b, map.tensors[1]!.nameAt, map.tensors[0]!.nameAt, map.tensors[1]!.dimsAt))]
    ];
    for (const cut of [3, 23, 24, 100, tokens.valueAt + 20, map.infoEnd - 5, map.infoEnd, Math.floor(original.length / 2), original.length - 1])
        cases.push([`truncated to ${cut} bytes`, (b) => Buffer.from(b.subarray(0, cut))]);
    return cases;
}

describe("malformed GGUF files are refused before llama.cpp parses them", () => {
    test("the real test model passes", async () => {
        const summary = await validateGguf(await testModelPath());
        expect(summary).toMatchObject({ version: 3, tensorCount: map.tensors.length, metadataCount: map.metadata.length, alignment: 32, fileBytes: original.length });
    });

    test("every file of the corpus is rejected with a clear error, by the validator, the memory estimate and the engine", async () => {
        const cases = corpus();
        const messages: string[] = [];
        for (const [name, make] of cases) {
            const file = path.join(dir, `${name.replace(/[^\w]+/g, "-")}.gguf`);
            fs.writeFileSync(file, make(original));
            const error = await validateGguf(file).then(() => undefined, (caught: unknown) => caught);
            if (!(error instanceof InvalidModelError)) throw new Error(`${name}: not rejected (${String(error)})`);
            expect(error.message).toContain("is not a valid GGUF model");
            messages.push(`${name}: ${error.message.replace(`${file} is not a valid GGUF model: `, "")}`);
            await expect(estimateGgufMemory({ modelPath: file, contextSize: 256, workers: 1 })).rejects.toBeInstanceOf(InvalidModelError);
            await expect(LlamaEngine.load({ modelPath: file, slots: 1, threads: 1, contextSize: 256, gpu: "cpu" })).rejects.toBeInstanceOf(InvalidModelError);
        }
        console.log(`malformed GGUF corpus: ${cases.length} files, all rejected:\n  ${messages.join("\n  ")}`);
        expect(cases.length).toBeGreaterThanOrEqual(40);
    });

    test("seeded byte flips in the header never crash or hang the validator", async () => {
        const random = prng(7);
        let rejected = 0;
        const flips = 300;
        for (let index = 0; index < flips; index++) {
            const bytes = Buffer.from(original);
            for (let flip = 1 + Math.floor(random() * 3); flip > 0; flip--) {
                const at = Math.floor(random() * map.infoEnd);
                bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
            }
            const file = path.join(dir, "flipped.gguf");
            fs.writeFileSync(file, bytes);
            const outcome = await validateGguf(file).then(() => "accepted", (error: unknown) => {
                if (!(error instanceof InvalidModelError)) throw error;
                return "rejected";
            });
            if (outcome === "rejected") rejected++;
        }
        // Flips inside token text or float values leave a well-formed file; those are accepted, as llama.cpp would.
        console.log(`byte flips: ${flips} files, ${rejected} rejected as malformed, ${flips - rejected} still well-formed`);
        expect(rejected).toBeGreaterThan(0);
    });

    test("serve on a truncated model exits 1 and says why, without reaching llama.cpp", async () => {
        const file = path.join(dir, "served-truncated.gguf");
        fs.writeFileSync(file, original.subarray(0, Math.floor(original.length / 2)));
        const child = spawnServer(["--model", file, "--workers", "1", "--threads", "1"]);
        await expect(child.listening).rejects.toThrow(/exited before listening \(code 1\)[\s\S]*is not a valid GGUF model: tensor ".+"'s data .* past the end of the file/);
    });

    test("the server running beside all of that still answers", async () => {
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
        const reply = await server.client.chat.completions.create({ model: "local", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 4 });
        expect(reply.choices[0]?.message.content).toBeString();
    });
});
