import dns from "node:dns";
import net from "node:net";
import { DownloadError } from "../errors.ts";

/** Resolves a host name to its addresses; replaceable for tests. */
export type LookupAll = (hostname: string) => Promise<readonly string[]>;

export const realLookup: LookupAll = async (hostname) => (await dns.promises.lookup(hostname, { all: true })).map((entry) => entry.address);

const forbiddenNames = new Set(["localhost", "metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal"]);

/**
 * A download may be redirected to another host (Hugging Face sends files from its CDN) but never to
 * this machine, a link-local address or a cloud metadata service: a hostile or compromised server
 * could otherwise make local-swarm fetch from services only this machine can reach. Redirects that
 * stay on the same host are allowed (a user may run a mirror on 127.0.0.1), and https never
 * downgrades to http.
 */
export async function checkRedirect(from: URL, to: URL, lookup: LookupAll = realLookup): Promise<void> {
    if (to.protocol !== "http:" && to.protocol !== "https:")
        throw new DownloadError(`Refused a redirect from ${from.host} to a ${to.protocol} URL`, { code: "redirect_refused" });
    if (from.protocol === "https:" && to.protocol === "http:")
        throw new DownloadError(`Refused a redirect from https://${from.host} to plain http://${to.host}`, { code: "redirect_refused" });
    if (to.hostname === from.hostname) return;
    const hostname = to.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    const addresses = net.isIP(hostname) !== 0 ? [hostname] : forbiddenName(hostname) ? [] : await resolve(hostname, lookup);
    if (forbiddenName(hostname) || addresses.some(isInternalAddress))
        throw new DownloadError(`Refused a redirect from ${from.host} to ${to.host}: it points at this machine, a link-local address or a cloud metadata service`, { code: "redirect_refused" });
}

function forbiddenName(hostname: string): boolean {
    return forbiddenNames.has(hostname) || hostname.endsWith(".localhost");
}

async function resolve(hostname: string, lookup: LookupAll): Promise<readonly string[]> {
    try {
        return await lookup(hostname);
    } catch (error) {
        throw new DownloadError(`Cannot resolve ${hostname}, the host a download was redirected to`, { code: "network_error", cause: error });
    }
}

/** Loopback, unspecified, link-local (where cloud metadata services live) and known metadata addresses. */
export function isInternalAddress(address: string): boolean {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const ip = mapped ?? address;
    if (net.isIPv4(ip)) {
        const [a = 0, b = 0] = ip.split(".").map(Number);
        return a === 127 || a === 0 || (a === 169 && b === 254) || ip === "100.100.100.200";
    }
    const lower = ip.toLowerCase();
    return lower === "::1" || lower === "::" || /^fe[89ab][0-9a-f]:/.test(lower) || lower === "fd00:ec2::254";
}
