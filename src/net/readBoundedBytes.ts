/**
 * Reads a body stream to the end, but stops (cancelling the stream) as soon as more than `maxBytes`
 * have arrived and throws what `tooLarge` builds, so a client or peer cannot make us buffer without
 * bound whatever its Content-Length claimed. Shared by the API's JSON bodies and federation's signed
 * bodies; each caller keeps its own error message.
 */
export async function readBoundedBytes(
    body: ReadableStream<Uint8Array> | null,
    maxBytes: number,
    tooLarge: () => Error,
): Promise<Uint8Array> {
    if (body == null) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = body.getReader();
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            total += value.byteLength;
            if (total > maxBytes) {
                await reader.cancel();
                throw tooLarge();
            }
            chunks.push(value);
        }
    } finally {
        reader.releaseLock();
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return bytes;
}
