import fs from "node:fs";
import { InvalidModelError } from "../errors.ts";
import { ggmlTypes } from "./ggmlTypes.ts";

/** What the validation learned about a well-formed file. */
export interface GgufSummary {
    readonly version: number;
    readonly tensorCount: number;
    readonly metadataCount: number;
    readonly alignment: number;
    /** Where the tensor data section starts. */
    readonly dataOffset: number;
    readonly fileBytes: number;
}

const readWindow = 1 << 20;
const ggmlMaxDims = 4;
/** GGML_MAX_NAME: llama.cpp's limit for a tensor name, terminator included. */
const maxTensorNameBytes = 63;
const maxKeyBytes = 65_535;
const defaultAlignment = 32;
const arrayType = 9;
const stringType = 8;
/** Bytes of each metadata value type's fixed encoding; strings and arrays are length-prefixed. */
const fixedSizes: ReadonlyMap<number, number> = new Map([[0, 1], [1, 1], [2, 2], [3, 2], [4, 4], [5, 4], [6, 4], [7, 1], [10, 8], [11, 8], [12, 8]]);
/** The smallest a value of a type can be, so that a count can be checked against the bytes left. */
const minimumBytes = (type: number) => fixedSizes.get(type) ?? (type === stringType ? 8 : 12);
const minimumMetadataBytes = 8 + 4 + 1;
const minimumTensorInfoBytes = 8 + 4 + 8 + 4 + 8;

/**
 * Checks a GGUF file's structure before llama.cpp (or node-llama-cpp's reader) parses it, so that a
 * malformed or hostile file is refused with a clear message instead of reaching a C++ parser: the
 * magic and version; metadata and tensor counts that the file's size can hold; every string and
 * array length inside the file; known value and tensor types, no nested arrays; a power-of-two
 * alignment; each tensor's name, dimensions and data (aligned, inside the file). Nothing is
 * allocated from a count or a length read from the file: reads go through a fixed 1 MiB window and
 * every length is checked against the bytes left first. Throws InvalidModelError.
 */
export async function validateGguf(file: string): Promise<GgufSummary> {
    let handle: fs.promises.FileHandle;
    try {
        handle = await fs.promises.open(file, "r");
    } catch (error) {
        throw new InvalidModelError(`cannot read the model file ${file}: ${(error as Error).message}`, { cause: error });
    }
    try {
        const reader = new BoundedReader(handle, (await handle.stat()).size, file);
        return await validate(reader);
    } finally {
        await handle.close();
    }
}

async function validate(reader: BoundedReader): Promise<GgufSummary> {
    if (reader.size < 24) reader.fail(`the file is ${reader.size} bytes, too short for a GGUF header`);
    const magic = (await reader.bytes(4)).toString("latin1");
    if (magic !== "GGUF") reader.fail(`it does not start with the GGUF magic (found ${JSON.stringify(magic)})`, 0);
    const version = await reader.u32();
    if (version !== 2 && version !== 3) reader.fail(`GGUF version ${version} is not supported (2 or 3; a big-endian file reads as a huge version)`, 4);
    const tensorCount = await reader.count(minimumTensorInfoBytes, "tensor count");
    const metadataCount = await reader.count(minimumMetadataBytes, "metadata count");

    const keys = new Set<string>();
    let alignment = defaultAlignment;
    for (let index = 0; index < metadataCount; index++) {
        const at = reader.offset;
        const key = await reader.string(maxKeyBytes, `metadata key ${index}`);
        if (keys.has(key)) reader.fail(`metadata key ${JSON.stringify(key)} appears twice`, at);
        keys.add(key);
        const type = await reader.u32();
        if (key === "general.alignment") {
            if (type !== 4) reader.fail("general.alignment must be a uint32");
            alignment = await reader.u32();
            if (alignment === 0 || (alignment & (alignment - 1)) !== 0) reader.fail(`general.alignment ${alignment} is not a power of two`);
            continue;
        }
        await skipValue(reader, type, key);
    }

    const tensors: { name: string; offset: bigint; bytes: bigint; at: number }[] = [];
    const names = new Set<string>();
    for (let index = 0; index < tensorCount; index++) {
        const at = reader.offset;
        const name = await reader.string(maxTensorNameBytes, `tensor ${index}'s name`);
        if (names.has(name)) reader.fail(`tensor ${JSON.stringify(name)} appears twice`, at);
        names.add(name);
        const dims = await reader.u32();
        if (dims < 1 || dims > ggmlMaxDims) reader.fail(`tensor ${JSON.stringify(name)} has ${dims} dimensions (1 to ${ggmlMaxDims})`);
        let elements = 1n;
        let first = 0n;
        for (let dim = 0; dim < dims; dim++) {
            const size = await reader.u64();
            if (dim === 0) first = size;
            elements *= size;
            // No tensor has more elements than the file has bits; this also keeps the product small.
            if (elements > BigInt(reader.size) * 8n) reader.fail(`tensor ${JSON.stringify(name)} has more elements than the file can hold`);
        }
        const typeId = await reader.u32();
        const type = ggmlTypes.get(typeId);
        if (type == null) reader.fail(`tensor ${JSON.stringify(name)} has unknown type ${typeId}`);
        if (first % BigInt(type!.blockSize) !== 0n) reader.fail(`tensor ${JSON.stringify(name)}'s row of ${first} is not a whole number of ${type!.name} blocks`);
        const offset = await reader.u64();
        tensors.push({ name, offset, bytes: (elements / BigInt(type!.blockSize)) * BigInt(type!.typeSize), at });
    }

    const dataOffset = Math.ceil(reader.offset / alignment) * alignment;
    if (tensorCount > 0 && dataOffset > reader.size) reader.fail(`the tensor data would start at byte ${dataOffset}, past the end of the file (${reader.size} bytes)`);
    for (const tensor of tensors) {
        if (tensor.offset % BigInt(alignment) !== 0n) reader.fail(`tensor ${JSON.stringify(tensor.name)}'s data offset ${tensor.offset} is not aligned to ${alignment} bytes`, tensor.at);
        const end = BigInt(dataOffset) + tensor.offset + tensor.bytes;
        if (end > BigInt(reader.size))
            reader.fail(`tensor ${JSON.stringify(tensor.name)}'s data (${tensor.bytes} bytes at data offset ${tensor.offset}) ends at byte ${end}, past the end of the file (${reader.size} bytes; truncated?)`, tensor.at);
    }
    return { version, tensorCount, metadataCount, alignment, dataOffset, fileBytes: reader.size };
}

async function skipValue(reader: BoundedReader, type: number, key: string): Promise<void> {
    const fixed = fixedSizes.get(type);
    if (fixed != null) return reader.skip(fixed, key);
    if (type === stringType) {
        await reader.skip(await reader.length(`${key}'s length`), key);
        return;
    }
    if (type !== arrayType) reader.fail(`metadata ${JSON.stringify(key)} has unknown value type ${type}`);
    const elementType = await reader.u32();
    if (elementType === arrayType) reader.fail(`metadata ${JSON.stringify(key)} is an array of arrays, which GGUF readers do not support`);
    if (elementType !== stringType && !fixedSizes.has(elementType)) reader.fail(`metadata ${JSON.stringify(key)} is an array of unknown type ${elementType}`);
    const count = await reader.count(minimumBytes(elementType), `${key}'s array length`);
    if (elementType !== stringType) return reader.skip(count * fixedSizes.get(elementType)!, key);
    for (let index = 0; index < count; index++) await reader.skip(await reader.length(`${key}[${index}]'s length`), key);
}

/** Sequential reads through one fixed-size window; every length is checked against the bytes left before use. */
class BoundedReader {
    offset = 0;
    readonly #handle: fs.promises.FileHandle;
    readonly #file: string;
    readonly #window = Buffer.alloc(readWindow);
    #windowStart = 0;
    #windowBytes = 0;

    constructor(handle: fs.promises.FileHandle, readonly size: number, file: string) {
        this.#handle = handle;
        this.#file = file;
    }

    fail(why: string, at = this.offset): never {
        throw new InvalidModelError(`${this.#file} is not a valid GGUF model: ${why} (at byte ${at}). It was not loaded.`);
    }

    /** Up to one window of bytes, copied out. */
    async bytes(count: number): Promise<Buffer> {
        if (count > this.size - this.offset) this.fail(`${count} more bytes are needed but the file ends at byte ${this.size} (truncated?)`);
        if (this.offset < this.#windowStart || this.offset + count > this.#windowStart + this.#windowBytes) {
            this.#windowStart = this.offset;
            const { bytesRead } = await this.#handle.read(this.#window, 0, readWindow, this.offset);
            this.#windowBytes = bytesRead;
        }
        const start = this.offset - this.#windowStart;
        this.offset += count;
        return Buffer.from(this.#window.subarray(start, start + count));
    }

    async skip(count: number, what: string): Promise<void> {
        if (count > this.size - this.offset) this.fail(`${what} runs past the end of the file (${count} bytes from byte ${this.offset}, file is ${this.size})`);
        this.offset += count;
    }

    async u32(): Promise<number> {
        return (await this.bytes(4)).readUInt32LE(0);
    }

    async u64(): Promise<bigint> {
        return (await this.bytes(8)).readBigUInt64LE(0);
    }

    /** A byte length that must fit in what is left of the file. */
    async length(what: string): Promise<number> {
        const at = this.offset;
        const value = await this.u64();
        if (value > BigInt(this.size - this.offset)) this.fail(`${what} is ${value} bytes but only ${this.size - this.offset} are left`, at);
        return Number(value);
    }

    /** A count of items at least `minimumBytes` each, which must fit in what is left of the file. */
    async count(minimumBytes: number, what: string): Promise<number> {
        const at = this.offset;
        const value = await this.u64();
        if (value * BigInt(minimumBytes) > BigInt(this.size - this.offset)) this.fail(`${what} ${value} cannot fit in the ${this.size - this.offset} bytes left`, at);
        return Number(value);
    }

    async string(maxBytes: number, what: string): Promise<string> {
        const at = this.offset;
        const length = await this.length(what);
        if (length > maxBytes) this.fail(`${what} is ${length} bytes (at most ${maxBytes})`, at);
        return (await this.bytes(length)).toString("utf8");
    }
}
