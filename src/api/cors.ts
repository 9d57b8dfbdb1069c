import { PermissionError } from "../errors.ts";

const allowedMethods = "GET, POST, OPTIONS";
/** Request headers a page may send once its origin is allowed (the openai SDK adds `x-stainless-*`). */
const headerToken = /^[a-z0-9-]+$/;

/**
 * CORS with an explicit origin allow-list, never a wildcard: an allowed origin gets its own name
 * back (and `Vary: Origin`), a preflight from it is answered here, before the API key check, since
 * browsers send preflights without credentials. A request carrying any other `Origin` (a foreign
 * page posting to us, with or without a preflight) is refused with 403; requests from our own
 * origin and clients that send no `Origin` (curl, SDKs) are unaffected.
 * Returns the preflight's response, or undefined to go on; allowed headers go into `headers`.
 */
export function applyCors(request: Request, origins: ReadonlySet<string>, headers: Record<string, string | number>): Response | undefined {
    const origin = request.headers.get("origin");
    if (origin == null) return undefined;
    const ownOrigin = `${new URL(request.url).protocol}//${request.headers.get("host") ?? ""}`;
    if (origin === ownOrigin && !origins.has(origin)) return undefined;
    if (!origins.has(origin))
        throw new PermissionError(`cross-origin requests from ${origin} are not allowed; add it to --cors-origins to allow it`, { code: "forbidden_origin" });
    headers["access-control-allow-origin"] = origin;
    headers.vary = "Origin";
    if (request.method !== "OPTIONS" || request.headers.get("access-control-request-method") == null) return undefined;
    const requested = (request.headers.get("access-control-request-headers") ?? "")
        .split(",")
        .map((name) => name.trim().toLowerCase())
        .filter((name) => headerToken.test(name));
    return new Response(null, {
        status: 204,
        headers: {
            ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])),
            "access-control-allow-methods": allowedMethods,
            "access-control-allow-headers": [...new Set(["authorization", "content-type", ...requested])].join(", "),
            "access-control-max-age": "600"
        }
    });
}
