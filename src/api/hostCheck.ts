import { PermissionError } from "../errors.ts";

/** Host header names a client on this machine uses for a loopback server. */
const loopbackNames = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The Host names a loopback server answers to: the loopback names and the configured listen host
 * (an IPv6 literal in brackets, as it appears in a Host header).
 */
export function allowedHostNames(listenHost: string): ReadonlySet<string> {
    const configured = listenHost.includes(":") && !listenHost.startsWith("[") ? `[${listenHost}]` : listenHost;
    return new Set([...loopbackNames, configured.toLowerCase()]);
}

/**
 * DNS-rebinding guard for a server bound to loopback: a web page on `evil.example`, whose name the
 * attacker re-points at 127.0.0.1, reaches us with `Host: evil.example`. Only the allowed names with
 * one of this server's own ports pass (no port: port 80); a missing Host is refused too.
 */
export function checkHost(request: Request, allowed: ReadonlySet<string>, ports: readonly number[]): void {
    const header = (request.headers.get("host") ?? "").trim().toLowerCase();
    const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header);
    const name = match?.[1];
    const givenPort = match?.[2] == null ? 80 : Number(match[2]);
    if (name == null || !allowed.has(name) || !ports.includes(givenPort))
        throw new PermissionError(
            `this server only answers requests addressed to ${[...allowed].join(", ")} on port ${ports.join(" or ")} (Host was ${JSON.stringify(header)})`,
            { code: "forbidden_host" }
        );
}
