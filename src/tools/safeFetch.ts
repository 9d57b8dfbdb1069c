import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { InvalidRequestError, PermissionError, ToolFailedError } from "../errors.ts";
import { blockedAddress, blockedHostName } from "../net/index.ts";

export interface ResolvedAddress {
    readonly address: string;
    readonly family: 4 | 6;
}

/** Every address a host name resolves to. */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Why a resolved address may not be fetched, or undefined to allow it. */
export type AddressPolicy = (address: string, hostname: string) => string | undefined;

export interface SafeFetchOptions {
    /** Most body bytes kept; the rest is cut off (default 2 MiB). */
    readonly maxBytes?: number;
    /** Time for the whole fetch, redirects included (default 20 s). */
    readonly timeoutMs?: number;
    /** Redirects followed before giving up (default 5). */
    readonly maxRedirects?: number;
    /** Default: the system resolver. */
    readonly lookup?: HostLookup;
    /** Default: refuse every non-public address (`blockedAddress`). */
    readonly policy?: AddressPolicy;
    readonly signal?: AbortSignal;
}

export interface FetchedPage {
    /** Final URL, after redirects. */
    readonly url: string;
    readonly status: number;
    readonly contentType: string | undefined;
    readonly body: Buffer;
    /** True when the body was longer than `maxBytes`. */
    readonly truncated: boolean;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * GET over http(s) that only reaches public addresses. Each hop's host is resolved here, every
 * address it has is checked against the policy, and the connection goes to the checked address
 * (so DNS cannot answer differently the second time). Redirects are followed by hand, each one
 * checked the same way.
 */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<FetchedPage> {
    const { maxBytes = 2 * 1024 * 1024, timeoutMs = 20_000, maxRedirects = 5, lookup = systemLookup, policy = blockedAddress } = options;
    const signal = options.signal == null ? AbortSignal.timeout(timeoutMs) : AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]);
    let current = parseUrl(url);
    for (let hop = 0; ; hop++) {
        const target = await checkedAddress(current, lookup, policy);
        const response = await request(current, target, signal);
        const location = response.headers.location;
        if (redirectStatuses.has(response.statusCode ?? 0) && location != null) {
            response.destroy();
            if (hop >= maxRedirects) throw new ToolFailedError(`webfetch: more than ${maxRedirects} redirects from ${url}`, { code: "too_many_redirects" });
            current = parseUrl(new URL(location, current).href);
            continue;
        }
        const { body, truncated } = await readBody(response, maxBytes, signal);
        return { url: current.href, status: response.statusCode ?? 0, contentType: response.headers["content-type"], body, truncated };
    }
}

function parseUrl(text: string): URL {
    let url: URL;
    try {
        url = new URL(text);
    } catch (error) {
        throw new InvalidRequestError(`webfetch: "${text}" is not a valid URL`, { code: "invalid_tool_arguments", param: "url", cause: error });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new InvalidRequestError(`webfetch: only http and https URLs can be fetched (got ${url.protocol})`, { code: "invalid_tool_arguments", param: "url" });
    if (url.username !== "" || url.password !== "")
        throw new InvalidRequestError("webfetch: URLs with credentials are not fetched", { code: "invalid_tool_arguments", param: "url" });
    return url;
}

async function checkedAddress(url: URL, lookup: HostLookup, policy: AddressPolicy): Promise<ResolvedAddress> {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const refuse = (address: string, reason: string): never => {
        throw new PermissionError(`webfetch: refusing ${url.host}${address === host ? "" : ` (${address})`}: ${reason} addresses are not fetched`, { code: "address_refused" });
    };
    const version = net.isIP(host);
    if (version === 0) {
        const reason = blockedHostName(host);
        if (reason != null) refuse(host, reason);
    }
    let addresses: readonly ResolvedAddress[];
    try {
        addresses = version === 0 ? await lookup(host) : [{ address: host, family: version === 6 ? 6 : 4 }];
    } catch (error) {
        throw new ToolFailedError(`webfetch: cannot resolve ${host}: ${(error as Error).message}`, { code: "fetch_failed", cause: error });
    }
    if (addresses.length === 0) throw new ToolFailedError(`webfetch: ${host} has no addresses`, { code: "fetch_failed" });
    // Every address must pass, or a second lookup by the OS could pick the private one.
    for (const { address } of addresses) {
        const reason = policy(address, host);
        if (reason != null) refuse(address, reason);
    }
    return addresses[0] as ResolvedAddress;
}

function request(url: URL, target: ResolvedAddress, signal: AbortSignal): Promise<http.IncomingMessage> {
    const client = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
        const outgoing = client.request(url, {
            method: "GET",
            signal,
            headers: { "user-agent": "local-swarm-webfetch", accept: "text/html, text/plain, application/json, */*;q=0.5", "accept-encoding": "identity" },
            lookup: (_hostname, options, callback) => {
                if ((options as dns.LookupOptions).all === true) callback(null, [target]);
                else callback(null, target.address, target.family);
            }
        }, resolve);
        outgoing.on("error", (error) => reject(fetchError(url, error, signal)));
        outgoing.end();
    });
}

function readBody(response: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<{ body: Buffer; truncated: boolean }> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (truncated: boolean) => {
            signal.removeEventListener("abort", onAbort);
            resolve({ body: Buffer.concat(chunks).subarray(0, maxBytes), truncated });
        };
        const onAbort = () => {
            response.destroy();
            reject(fetchError(undefined, signal.reason, signal));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        response.on("data", (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            if (size > maxBytes) {
                response.destroy();
                finish(true);
            }
        });
        response.on("end", () => finish(false));
        response.on("error", (error) => {
            signal.removeEventListener("abort", onAbort);
            reject(fetchError(undefined, error, signal));
        });
    });
}

function fetchError(url: URL | undefined, error: unknown, signal: AbortSignal): ToolFailedError {
    const what = url == null ? "" : ` ${url.href}`;
    if (signal.aborted) return new ToolFailedError(`webfetch${what}: took too long or was cancelled`, { code: "fetch_timeout", cause: error });
    return new ToolFailedError(`webfetch${what}: ${(error as Error).message}`, { code: "fetch_failed", cause: error });
}

async function systemLookup(hostname: string): Promise<readonly ResolvedAddress[]> {
    const results = await dns.promises.lookup(hostname, { all: true, verbatim: true });
    return results.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
