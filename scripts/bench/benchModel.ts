import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { userPaths } from "../../src/config/index.ts";
import { testModelPath } from "../../test/support/testModel.ts";

/**
 * A llama-architecture GGUF of a realistic shape (Qwen2.5-0.5B-like: 415M parameters) with random
 * Q8_0 weights. Its text is noise, but every token costs what a real model's token costs, which the
 * 260K-parameter test model (it fits in the CPU's cache) cannot show. The tokenizer is the test
 * model's, padded with made-up word pieces to a 32,000-token vocabulary.
 */
const shape = { width: 896, layers: 24, heads: 14, kvHeads: 2, ffn: 4864, vocab: 32_000 };
const fileName = "bench-llama-415m-random-q8_0.gguf";
/** Q8_0: blocks of 32 weights, each an f16 scale then 32 int8 values. */
const q8Block = { weights: 32, bytes: 34 };
/** f16 of ≈ 2.7e-4: int8 values spread ±127 then give weights of about N(0, 0.02), as trained models start. */
const q8Scale = 0x0c6c;
const ggmlF32 = 0;
const ggmlQ8_0 = 8;
const mostlyQ8_0 = 7;
const alignment = 32;

/** The bench model's path, written into the user's cache on first use (temp file, then rename). */
export async function benchModelPath(): Promise<string> {
    const file = path.join(userPaths().cacheDir, "bench", fileName);
    if (fs.existsSync(file)) return file;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.partial`;
    try {
        await writeBenchModel(temp);
        fs.renameSync(temp, file);
    } catch (error) {
        fs.rmSync(temp, { force: true });
        throw error;
    }
    return file;
}

type Value = { type: "u32"; value: number } | { type: "f32"; value: number } | { type: "string"; value: string }
    | { type: "strings"; value: readonly string[] } | { type: "f32s"; value: readonly number[] } | { type: "i32s"; value: readonly number[] };

interface TensorSpec {
    readonly name: string;
    /** ggml order: the row length first. */
    readonly dims: readonly number[];
    readonly type: typeof ggmlF32 | typeof ggmlQ8_0;
}

async function writeBenchModel(file: string): Promise<void> {
    const tokenizer = await paddedTokenizer(shape.vocab);
    const { width, layers, heads, kvHeads, ffn, vocab } = shape;
    const kvWidth = (width / heads) * kvHeads;
    const metadata: [string, Value][] = [
        ["general.architecture", { type: "string", value: "llama" }],
        ["general.name", { type: "string", value: "local-swarm bench model (random weights)" }],
        ["general.file_type", { type: "u32", value: mostlyQ8_0 }],
        ["llama.context_length", { type: "u32", value: 4096 }],
        ["llama.embedding_length", { type: "u32", value: width }],
        ["llama.block_count", { type: "u32", value: layers }],
        ["llama.feed_forward_length", { type: "u32", value: ffn }],
        ["llama.attention.head_count", { type: "u32", value: heads }],
        ["llama.attention.head_count_kv", { type: "u32", value: kvHeads }],
        ["llama.rope.dimension_count", { type: "u32", value: width / heads }],
        ["llama.attention.layer_norm_rms_epsilon", { type: "f32", value: 1e-5 }],
        ["llama.vocab_size", { type: "u32", value: vocab }],
        ["tokenizer.ggml.model", { type: "string", value: "llama" }],
        ["tokenizer.ggml.tokens", { type: "strings", value: tokenizer.tokens }],
        ["tokenizer.ggml.scores", { type: "f32s", value: tokenizer.scores }],
        ["tokenizer.ggml.token_type", { type: "i32s", value: tokenizer.types }],
        ["tokenizer.ggml.unknown_token_id", { type: "u32", value: tokenizer.unknown }],
        ["tokenizer.ggml.bos_token_id", { type: "u32", value: tokenizer.bos }],
        ["tokenizer.ggml.eos_token_id", { type: "u32", value: tokenizer.eos }]
    ];
    const tensors: TensorSpec[] = [
        { name: "token_embd.weight", dims: [width, vocab], type: ggmlQ8_0 },
        { name: "output_norm.weight", dims: [width], type: ggmlF32 },
        { name: "output.weight", dims: [width, vocab], type: ggmlQ8_0 }
    ];
    for (let layer = 0; layer < layers; layer++)
        tensors.push(
            { name: `blk.${layer}.attn_norm.weight`, dims: [width], type: ggmlF32 },
            { name: `blk.${layer}.attn_q.weight`, dims: [width, width], type: ggmlQ8_0 },
            { name: `blk.${layer}.attn_k.weight`, dims: [width, kvWidth], type: ggmlQ8_0 },
            { name: `blk.${layer}.attn_v.weight`, dims: [width, kvWidth], type: ggmlQ8_0 },
            { name: `blk.${layer}.attn_output.weight`, dims: [width, width], type: ggmlQ8_0 },
            { name: `blk.${layer}.ffn_norm.weight`, dims: [width], type: ggmlF32 },
            { name: `blk.${layer}.ffn_gate.weight`, dims: [width, ffn], type: ggmlQ8_0 },
            { name: `blk.${layer}.ffn_up.weight`, dims: [width, ffn], type: ggmlQ8_0 },
            { name: `blk.${layer}.ffn_down.weight`, dims: [ffn, width], type: ggmlQ8_0 }
        );

    const header = new ByteWriter();
    header.bytes(Buffer.from("GGUF", "latin1"));
    header.u32(3);
    header.u64(tensors.length);
    header.u64(metadata.length);
    for (const [key, value] of metadata) {
        header.string(key);
        header.value(value);
    }
    let offset = 0;
    for (const tensor of tensors) {
        header.string(tensor.name);
        header.u32(tensor.dims.length);
        for (const dim of tensor.dims) header.u64(dim);
        header.u32(tensor.type);
        header.u64(offset);
        offset += padded(tensorBytes(tensor));
    }
    const handle = await fs.promises.open(file, "wx", 0o644);
    try {
        const head = header.toBuffer();
        await handle.write(head);
        await handle.write(Buffer.alloc(padded(head.length) - head.length));
        for (const tensor of tensors) {
            const bytes = tensorBytes(tensor);
            for (let written = 0; written < bytes;) {
                const chunk = tensor.type === ggmlF32 ? onesF32(bytes / 4) : randomQ8Blocks(Math.min(bytes - written, 1 << 20));
                await handle.write(chunk);
                written += chunk.length;
            }
            await handle.write(Buffer.alloc(padded(bytes) - bytes));
        }
        await handle.sync();
    } finally {
        await handle.close();
    }
}

function tensorBytes(tensor: TensorSpec): number {
    const count = tensor.dims.reduce((product, dim) => product * dim, 1);
    return tensor.type === ggmlF32 ? count * 4 : (count / q8Block.weights) * q8Block.bytes;
}

function padded(bytes: number): number {
    return Math.ceil(bytes / alignment) * alignment;
}

/** RMS-norm weights of 1. */
function onesF32(count: number): Buffer {
    const buffer = Buffer.alloc(count * 4);
    for (let index = 0; index < count; index++) buffer.writeFloatLE(1, index * 4);
    return buffer;
}

/** Up to `maxBytes` of whole Q8_0 blocks: random int8 weights under a fixed small scale. */
function randomQ8Blocks(maxBytes: number): Buffer {
    const blocks = Math.floor(maxBytes / q8Block.bytes);
    const buffer = crypto.randomFillSync(Buffer.alloc(blocks * q8Block.bytes));
    for (let block = 0; block < blocks; block++) buffer.writeUInt16LE(q8Scale, block * q8Block.bytes);
    return buffer;
}

/** The test model's SentencePiece vocabulary, padded with unique made-up word pieces (normal tokens, lowest scores). */
async function paddedTokenizer(size: number) {
    const info = await readGgufFileInfo(await testModelPath(), { readTensorInfo: false });
    const ggml = info.metadata.tokenizer.ggml as unknown as {
        tokens: string[]; scores: number[]; token_type: number[]; bos_token_id: number; eos_token_id: number; unknown_token_id: number;
    };
    const tokens = [...ggml.tokens];
    const scores = [...ggml.scores];
    const types = [...ggml.token_type];
    const taken = new Set(tokens);
    const lowest = Math.min(...scores);
    for (let index = 0; tokens.length < size; index++) {
        const piece = `▁${wordFor(index)}`;
        if (taken.has(piece)) continue;
        taken.add(piece);
        tokens.push(piece);
        scores.push(lowest - 1 - index / size);
        types.push(1);
    }
    return { tokens, scores, types, bos: ggml.bos_token_id, eos: ggml.eos_token_id, unknown: ggml.unknown_token_id };
}

/** 0 → "ba", 1 → "be", …: pronounceable, distinct letter strings. */
function wordFor(index: number): string {
    const consonants = "bcdfghjklmnprstvwz";
    const vowels = "aeiou";
    let word = "";
    let rest = index + 1;
    while (rest > 0) {
        word += consonants[rest % consonants.length]! + vowels[Math.floor(rest / consonants.length) % vowels.length]!;
        rest = Math.floor(rest / (consonants.length * vowels.length));
    }
    return word;
}

/** GGUF metadata value types. */
const typeIds = { u32: 4, i32: 5, f32: 6, string: 8, array: 9 };

/** Little-endian GGUF encoding of the header. */
class ByteWriter {
    readonly #parts: Buffer[] = [];

    bytes(buffer: Buffer): void {
        this.#parts.push(buffer);
    }

    u32(value: number): void {
        const buffer = Buffer.alloc(4);
        buffer.writeUInt32LE(value);
        this.#parts.push(buffer);
    }

    u64(value: number): void {
        const buffer = Buffer.alloc(8);
        buffer.writeBigUInt64LE(BigInt(value));
        this.#parts.push(buffer);
    }

    string(text: string): void {
        const encoded = Buffer.from(text, "utf8");
        this.u64(encoded.length);
        this.#parts.push(encoded);
    }

    value(value: Value): void {
        switch (value.type) {
            case "u32":
                this.u32(typeIds.u32);
                this.u32(value.value);
                return;
            case "f32":
                this.u32(typeIds.f32);
                this.#f32s([value.value]);
                return;
            case "string":
                this.u32(typeIds.string);
                this.string(value.value);
                return;
            case "strings":
                this.#arrayHeader(typeIds.string, value.value.length);
                for (const text of value.value) this.string(text);
                return;
            case "f32s":
                this.#arrayHeader(typeIds.f32, value.value.length);
                this.#f32s(value.value);
                return;
            case "i32s": {
                this.#arrayHeader(typeIds.i32, value.value.length);
                const buffer = Buffer.alloc(value.value.length * 4);
                value.value.forEach((item, index) => buffer.writeInt32LE(item, index * 4));
                this.#parts.push(buffer);
            }
        }
    }

    toBuffer(): Buffer {
        return Buffer.concat(this.#parts);
    }

    #arrayHeader(itemType: number, length: number): void {
        this.u32(typeIds.array);
        this.u32(itemType);
        this.u64(length);
    }

    #f32s(values: readonly number[]): void {
        const buffer = Buffer.alloc(values.length * 4);
        values.forEach((item, index) => buffer.writeFloatLE(item, index * 4));
        this.#parts.push(buffer);
    }
}
