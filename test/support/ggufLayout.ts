/** Where the fields of a (valid) GGUF file are: its metadata entries and tensor infos, by byte offset. */
export interface GgufLayout {
    readonly metadata: { key: string; keyAt: number; typeAt: number; valueAt: number; type: number }[];
    readonly tensors: { nameAt: number; dimsAt: number; typeAt: number; offsetAt: number }[];
    /** Where the metadata ends and the tensor infos begin. */
    readonly metadataEnd: number;
    /** Where the tensor infos end (the data section starts at the next alignment boundary). */
    readonly infoEnd: number;
}

/** Maps a GGUF file's header (version 3, little-endian) so tests can corrupt or extend it. */
export function mapGguf(bytes: Buffer): GgufLayout {
    const fixed: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
    let at = 24;
    const metadata: GgufLayout["metadata"] = [];
    const skipValue = (type: number) => {
        if (type === 8) at += 8 + Number(bytes.readBigUInt64LE(at));
        else if (type === 9) {
            const elementType = bytes.readUInt32LE(at);
            const count = Number(bytes.readBigUInt64LE(at + 4));
            at += 12;
            for (let index = 0; index < count; index++) skipValue(elementType);
        } else at += fixed[type]!;
    };
    for (let index = 0; index < Number(bytes.readBigUInt64LE(16)); index++) {
        const keyAt = at;
        const length = Number(bytes.readBigUInt64LE(at));
        const key = bytes.toString("utf8", at + 8, at + 8 + length);
        at += 8 + length;
        const type = bytes.readUInt32LE(at);
        metadata.push({ key, keyAt, typeAt: at, valueAt: at + 4, type });
        at += 4;
        skipValue(type);
    }
    const metadataEnd = at;
    const tensors: GgufLayout["tensors"] = [];
    for (let index = 0; index < Number(bytes.readBigUInt64LE(8)); index++) {
        const nameAt = at;
        at += 8 + Number(bytes.readBigUInt64LE(at));
        const dimsAt = at;
        at += 4 + 8 * bytes.readUInt32LE(at);
        tensors.push({ nameAt, dimsAt, typeAt: at, offsetAt: at + 4 });
        at += 12;
    }
    return { metadata, tensors, metadataEnd, infoEnd: at };
}

/**
 * The same GGUF with string metadata entries added (or replaced): the header is rebuilt and the
 * tensor data moved to the next 32-byte boundary; tensor offsets are relative to the data section,
 * so they stay as they are. For files with the default alignment.
 */
export function withStringMetadata(bytes: Buffer, entries: Readonly<Record<string, string>>): Buffer {
    const layout = mapGguf(bytes);
    const alignment = 32;
    const kept = layout.metadata.filter((item) => !(item.key in entries));
    const keptBytes = layout.metadata.map((item, index) => {
        const end = layout.metadata[index + 1]?.keyAt ?? layout.metadataEnd;
        return kept.includes(item) ? bytes.subarray(item.keyAt, end) : Buffer.alloc(0);
    });
    const added = Object.entries(entries).map(([key, value]) => {
        const keyBytes = Buffer.from(key, "utf8");
        const valueBytes = Buffer.from(value, "utf8");
        const entry = Buffer.alloc(8 + keyBytes.length + 4 + 8 + valueBytes.length);
        entry.writeBigUInt64LE(BigInt(keyBytes.length), 0);
        keyBytes.copy(entry, 8);
        entry.writeUInt32LE(8, 8 + keyBytes.length);
        entry.writeBigUInt64LE(BigInt(valueBytes.length), 12 + keyBytes.length);
        valueBytes.copy(entry, 20 + keyBytes.length);
        return entry;
    });
    const header = Buffer.from(bytes.subarray(0, 24));
    header.writeBigUInt64LE(BigInt(kept.length + added.length), 16);
    const info = Buffer.concat([header, ...keptBytes, ...added, bytes.subarray(layout.metadataEnd, layout.infoEnd)]);
    const padding = Buffer.alloc((alignment - (info.length % alignment)) % alignment);
    const dataStart = Math.ceil(layout.infoEnd / alignment) * alignment;
    return Buffer.concat([info, padding, bytes.subarray(dataStart)]);
}
