import { ConfigError } from "../errors.ts";

/** Port assumed when a `--peer` gives none: the API's default port. */
const defaultPeerPort = 8000;

/**
 * `host:port`, `[v6]:port`, `host` or `http://host:port` → the peer's base URL (`http://host:port`).
 * Only a host and a port are taken from the user; anything else (a path, https, credentials) is an error.
 */
export function peerBaseUrl(address: string): string {
    const trimmed = address.trim();
    const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
    let url: URL;
    try {
        url = new URL(withScheme);
    } catch (error) {
        throw new ConfigError(`peer "${address}" is not host:port`, { param: "peer", cause: error });
    }
    if (url.protocol !== "http:" || url.username !== "" || url.password !== "" || (url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "")
        throw new ConfigError(`peer "${address}" must be just host:port (peers speak plain HTTP with signed requests)`, { param: "peer" });
    if (url.hostname === "") throw new ConfigError(`peer "${address}" has no host`, { param: "peer" });
    return `http://${url.hostname}:${url.port === "" ? defaultPeerPort : url.port}`;
}

/** Base URL for an address seen on the network (IPv6 addresses get brackets). */
export function addressBaseUrl(host: string, port: number): string {
    return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
