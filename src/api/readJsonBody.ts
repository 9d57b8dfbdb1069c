import { InvalidRequestError, PayloadTooLargeError } from "../errors.ts";
import { readBoundedBytes } from "../net/index.ts";

export const defaultMaxRequestBytes = 4 * 1024 * 1024;
/**
 * JSON.parse copes with any depth, but code that walks a body recursively (schema checks, grammar
 * builders) would overflow its stack; no real request comes near this.
 */
const maxDepth = 128;

/**
 * Reads a JSON object body, refusing (413) as soon as more than `maxBytes` arrive, also when no
 * Content-Length announced the size (chunked uploads; a declared size is checked earlier, in
 * `guardRequest`), so a client cannot make the server buffer without bound. Bodies that are not
 * UTF-8 JSON objects, or nest deeper than 128 levels, are 400s.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
    const bytes = await readBoundedBytes(request.body, maxBytes, () =>
        new PayloadTooLargeError(`the request body is over the ${maxBytes}-byte limit (--max-request-bytes)`),
    );
    let value: unknown;
    try {
        value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
        throw new InvalidRequestError("the request body is not valid JSON", { code: "invalid_json" });
    }
    if (value == null || typeof value !== "object" || Array.isArray(value))
        throw new InvalidRequestError("the request body must be a JSON object", { code: "invalid_json" });
    if (depthOf(value) > maxDepth)
        throw new InvalidRequestError(`the request body nests deeper than ${maxDepth} levels`, { code: "invalid_json" });
    return value as Record<string, unknown>;
}

/** How deep a parsed JSON value nests, found without recursion (the value may be a million levels deep). */
function depthOf(root: object): number {
    let deepest = 0;
    const pending: [unknown, number][] = [[root, 1]];
    for (let item = pending.pop(); item != null; item = pending.pop()) {
        const [value, depth] = item;
        deepest = Math.max(deepest, depth);
        if (depth > maxDepth) break;
        for (const child of Object.values(value as object)) if (child != null && typeof child === "object") pending.push([child, depth + 1]);
    }
    return deepest;
}
