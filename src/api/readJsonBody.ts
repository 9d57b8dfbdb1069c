import { PayloadTooLargeError } from "../errors.ts";
import { parseJsonObject, readBoundedBytes } from "../net/index.ts";

export const defaultMaxRequestBytes = 4 * 1024 * 1024;

/**
 * Reads a JSON object body, refusing (413) as soon as more than `maxBytes` arrive, also when no
 * Content-Length announced the size (chunked uploads; a declared size is checked earlier, in
 * `guardRequest`), so a client cannot make the server buffer without bound. Bodies that are not
 * UTF-8 JSON objects, or nest deeper than 128 levels, are 400s (`parseJsonObject`).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
    const bytes = await readBoundedBytes(request.body, maxBytes, () =>
        new PayloadTooLargeError(`the request body is over the ${maxBytes}-byte limit (--max-request-bytes)`),
    );
    return parseJsonObject(bytes);
}
