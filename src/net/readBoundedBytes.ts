/**
 * Reads a body stream to the end, but stops (cancelling the stream) as soon as more than `maxBytes`
 * have arrived and throws what `tooLarge` builds, so a client or peer cannot make us buffer without
 * bound whatever its Content-Length claimed. Shared by the API's JSON bodies and federation's signed
 * bodies; each caller keeps its own error message. When `signal` aborts (a deadline for slow
 * bodies), the stream is cancelled and its reason is thrown.
 */
export async function readBoundedBytes(
    body: ReadableStream<Uint8Array> | null,
    maxBytes: number,
    tooLarge: () => Error,
    signal?: AbortSignal,
): Promise<Uint8Array> {
    if (body == null) return new Uint8Array(0);
    signal?.throwIfAborted();
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = body.getReader();
    const stop = () => void reader.cancel(signal?.reason).catch(() => {});
    signal?.addEventListener("abort", stop, { once: true });
    try {
        for (;;) {
            const { done, value } = await reader.read();
            signal?.throwIfAborted();
            if (done) break;
            total += value.byteLength;
            if (total > maxBytes) {
                await reader.cancel();
                throw tooLarge();
            }
            chunks.push(value);
        }
    } finally {
        signal?.removeEventListener("abort", stop);
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
