import { PayloadTooLargeError } from "../errors.ts";
import { checkApiKey } from "./auth.ts";
import { applyCors } from "./cors.ts";
import { checkHost } from "./hostCheck.ts";

export interface RequestGuard {
    readonly apiKey?: string;
    /**
     * Host names a loopback-bound server answers to; unset: no Host check (beyond loopback the API
     * key guards). In-process requests (`app.handle`, no server and so no port) are not checked.
     */
    readonly allowedHosts?: ReadonlySet<string>;
    /** Ports besides the server's own that the same app listens on (`--ollama-port`): Hosts naming them pass too. */
    readonly extraPorts?: readonly number[];
    readonly corsOrigins: ReadonlySet<string>;
    readonly maxRequestBytes: number;
    /** Paths served without the key to clients on loopback addresses (`/metrics` with `metrics-public`). */
    readonly openToThisMachine?: ReadonlySet<string>;
}

/**
 * Every request passes here before routing, cheapest and most fundamental check first: the Host
 * (DNS rebinding), the Origin (CORS; a preflight is answered here), a declared body size (413
 * before anything is read), then the API key. Returns the preflight's response when there is one.
 */
export function guardRequest(guard: RequestGuard, request: Request, port: number | undefined, headers: Record<string, string | number>, clientAddress?: string): Response | undefined {
    if (guard.allowedHosts != null && port != null) checkHost(request, guard.allowedHosts, [port, ...(guard.extraPorts ?? [])]);
    const preflight = applyCors(request, guard.corsOrigins, headers);
    if (preflight != null) return preflight;
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > guard.maxRequestBytes)
        throw new PayloadTooLargeError(`the request body is ${declared} bytes, over the ${guard.maxRequestBytes}-byte limit (--max-request-bytes)`);
    checkApiKey(guard.apiKey, request, guard.openToThisMachine, clientAddress);
    return undefined;
}
