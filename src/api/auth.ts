import crypto from "node:crypto";
import { AuthenticationError } from "../errors.ts";
import { isLoopbackHost } from "../net/index.ts";

/**
 * Routes anyone may call even when an API key is set: the dashboard and the docs page with its
 * viewer files hold no data, and ask for the key (the spec at /openapi/json needs it).
 */
const publicPaths = new Set(["/health", "/", "/openapi", "/openapi/swagger-ui.css", "/openapi/swagger-ui-bundle.js"]);
/** Peer routes: each request carries its own swarm-secret signature instead (federation/SwarmKey.ts). */
const peerPrefix = "/federation/";

/**
 * Checks `Authorization: Bearer <key>` in constant time. No key configured: every request passes.
 * Paths in `openToThisMachine` (the metrics, when made public) pass for a loopback `clientAddress`.
 * The key itself is never logged or echoed.
 */
export function checkApiKey(apiKey: string | undefined, request: Request, openToThisMachine: ReadonlySet<string> = new Set(), clientAddress?: string): void {
    if (apiKey == null || apiKey === "") return;
    const path = new URL(request.url).pathname;
    if (publicPaths.has(path) || path.startsWith(peerPrefix)) return;
    if (openToThisMachine.has(path) && clientAddress != null && isLoopbackHost(clientAddress.replace(/^::ffff:/i, ""))) return;
    const header = request.headers.get("authorization") ?? "";
    const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
    const expected = crypto.createHash("sha256").update(apiKey).digest();
    const actual = crypto.createHash("sha256").update(given).digest();
    if (given === "" || !crypto.timingSafeEqual(expected, actual))
        throw new AuthenticationError("missing or wrong API key: send it as `Authorization: Bearer <key>`");
}
