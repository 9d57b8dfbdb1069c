import { InvalidRequestError } from "../errors.ts";

/**
 * JSON.parse copes with any depth, but code that walks a body recursively (schema checks, grammar
 * builders) would overflow its stack; no real request comes near this.
 */
const maxJsonDepth = 128;

/**
 * A request body as a JSON object: UTF-8, valid JSON, an object, no deeper than `maxJsonDepth`
 * levels; anything else is an InvalidRequestError (400, code `invalid_json`). The one parser of
 * the API's JSON bodies and of the peers' requests.
 */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
    let value: unknown;
    try {
        value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
        throw new InvalidRequestError("the request body is not valid JSON", { code: "invalid_json" });
    }
    if (value == null || typeof value !== "object" || Array.isArray(value))
        throw new InvalidRequestError("the request body must be a JSON object", { code: "invalid_json" });
    if (depthOf(value) > maxJsonDepth)
        throw new InvalidRequestError(`the request body nests deeper than ${maxJsonDepth} levels`, { code: "invalid_json" });
    return value as Record<string, unknown>;
}

/** How deep a parsed JSON value nests, found without recursion (the value may be a million levels deep). */
function depthOf(root: object): number {
    let deepest = 0;
    const pending: [unknown, number][] = [[root, 1]];
    for (let item = pending.pop(); item != null; item = pending.pop()) {
        const [value, depth] = item;
        deepest = Math.max(deepest, depth);
        if (depth > maxJsonDepth) break;
        for (const child of Object.values(value as object)) if (child != null && typeof child === "object") pending.push([child, depth + 1]);
    }
    return deepest;
}
