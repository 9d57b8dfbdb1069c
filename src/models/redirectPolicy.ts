import dns from "node:dns";
import net from "node:net";
import { DownloadError } from "../errors.ts";
import { blockedHostName, isMachineLocalAddress } from "../net/index.ts";

/** Resolves a host name to its addresses; replaceable for tests. */
export type LookupAll = (hostname: string) => Promise<readonly string[]>;

export const realLookup: LookupAll = async (hostname) => (await dns.promises.lookup(hostname, { all: true })).map((entry) => entry.address);

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
    const forbiddenName = blockedHostName(hostname) != null;
    const addresses = net.isIP(hostname) !== 0 ? [hostname] : forbiddenName ? [] : await resolve(hostname, lookup);
    if (forbiddenName || addresses.some(isMachineLocalAddress))
        throw new DownloadError(`Refused a redirect from ${from.host} to ${to.host}: it points at this machine, a link-local address or a cloud metadata service`, { code: "redirect_refused" });
}

async function resolve(hostname: string, lookup: LookupAll): Promise<readonly string[]> {
    try {
        return await lookup(hostname);
    } catch (error) {
        throw new DownloadError(`Cannot resolve ${hostname}, the host a download was redirected to`, { code: "network_error", cause: error });
    }
}
