import { PayloadTooLargeError } from "../errors.ts";
import { readBoundedBytes } from "../net/index.ts";

/**
 * Reads a request or response body, refusing (PayloadTooLargeError) as soon as it passes `maxBytes`,
 * whatever Content-Length claimed, so a peer cannot make us buffer without bound.
 */
export async function readBoundedBody(message: Request | Response, maxBytes: number): Promise<Uint8Array> {
    const declared = Number(message.headers.get("content-length") ?? "0");
    if (declared > maxBytes) throw new PayloadTooLargeError(`body of ${declared} bytes is over the ${maxBytes}-byte limit`);
    return readBoundedBytes(message.body, maxBytes, () => new PayloadTooLargeError(`body is over the ${maxBytes}-byte limit`));
}
