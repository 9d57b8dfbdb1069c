import { PayloadTooLargeError } from "../errors.ts";

/**
 * Reads a request or response body, refusing (PayloadTooLargeError) as soon as it passes `maxBytes`,
 * whatever Content-Length claimed, so a peer cannot make us buffer without bound.
 */
export async function readBoundedBody(message: Request | Response, maxBytes: number): Promise<Uint8Array> {
    const declared = Number(message.headers.get("content-length") ?? "0");
    if (declared > maxBytes) throw new PayloadTooLargeError(`body of ${declared} bytes is over the ${maxBytes}-byte limit`);
    if (message.body == null) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = message.body.getReader();
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            total += value.byteLength;
            if (total > maxBytes) {
                await reader.cancel();
                throw new PayloadTooLargeError(`body is over the ${maxBytes}-byte limit`);
            }
            chunks.push(value);
        }
    } finally {
        reader.releaseLock();
    }
    const body = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return body;
}
