import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SwarmError } from "../../src/errors.ts";
import { blockedAddress } from "../../src/net/index.ts";
import { safeFetch, type AddressPolicy, type HostLookup } from "../../src/tools/safeFetch.ts";

/**
 * A real HTTP server on 127.0.0.1. The fetches that must get through start at the made-up name
 * "public.test", which the injected resolver maps to 127.0.0.1 and the policy lets through by
 * name; every other host is judged by the real address policy. So a redirect from there towards
 * 127.0.0.1 meets exactly the check a redirect from a real public site would.
 */
const hits: string[] = [];
let port = 0;
const server = http.createServer((request, response) => {
    hits.push(request.url ?? "");
    const target = (location: string) => {
        response.writeHead(302, { location });
        response.end();
    };
    switch (request.url) {
        case "/to-loopback": return target(`http://127.0.0.1:${port}/secret`);
        case "/to-metadata": return target(`http://metadata.test:${port}/secret`);
        case "/to-localhost": return target(`http://localhost:${port}/secret`);
        case "/relative": return target("/page");
        case "/loop": return target("/loop");
        case "/page": return response.end("<p>public page</p>");
        case "/big": return response.end("x".repeat(10_000));
        case "/slow": return undefined;
        default: return response.end("secret");
    }
});

const lookup: HostLookup = async (hostname) => {
    if (hostname === "public.test") return [{ address: "127.0.0.1", family: 4 }];
    if (hostname === "metadata.test") return [{ address: "169.254.169.254", family: 4 }];
    if (hostname === "mixed.test") return [{ address: "93.184.216.34", family: 4 }, { address: "10.0.0.5", family: 4 }];
    throw new Error(`unknown host ${hostname}`);
};
const policy: AddressPolicy = (address, hostname) => hostname === "public.test" ? undefined : blockedAddress(address);
const options = { lookup, policy, timeoutMs: 5_000 };

beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
});

afterAll(() => {
    server.closeAllConnections();
    server.close();
});

async function refused(promise: Promise<unknown>, code: string): Promise<string> {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(SwarmError);
    expect((error as SwarmError).code).toBe(code);
    return (error as SwarmError).message;
}

describe("safeFetch", () => {
    test("refuses 127.0.0.1 and localhost with the real policy, before connecting", async () => {
        hits.length = 0;
        expect(await refused(safeFetch(`http://127.0.0.1:${port}/secret`), "address_refused")).toContain("loopback");
        await refused(safeFetch(`http://localhost:${port}/secret`), "address_refused");
        await refused(safeFetch(`http://[::1]:${port}/secret`), "address_refused");
        await refused(safeFetch(`http://[::ffff:127.0.0.1]:${port}/secret`), "address_refused");
        expect(hits).toEqual([]);
    });

    test("follows a redirect that stays public", async () => {
        const page = await safeFetch(`http://public.test:${port}/relative`, options);
        expect(page.status).toBe(200);
        expect(page.url).toBe(`http://public.test:${port}/page`);
        expect(page.body.toString()).toBe("<p>public page</p>");
    });

    test("refuses a redirect towards 127.0.0.1, localhost or a metadata address", async () => {
        hits.length = 0;
        await refused(safeFetch(`http://public.test:${port}/to-loopback`, options), "address_refused");
        await refused(safeFetch(`http://public.test:${port}/to-localhost`, options), "address_refused");
        expect(await refused(safeFetch(`http://public.test:${port}/to-metadata`, options), "address_refused")).toContain("169.254.169.254");
        expect(hits).toEqual(["/to-loopback", "/to-localhost", "/to-metadata"]);
    });

    test("refuses a host when any of its addresses is private", async () => {
        await refused(safeFetch("http://mixed.test/", options), "address_refused");
    });

    test("refuses other schemes and credentials", async () => {
        await refused(safeFetch("file:///etc/passwd", options), "invalid_tool_arguments");
        await refused(safeFetch("ftp://public.test/", options), "invalid_tool_arguments");
        await refused(safeFetch(`http://user:pw@public.test:${port}/page`, options), "invalid_tool_arguments");
        await refused(safeFetch("not a url", options), "invalid_tool_arguments");
    });

    test("cuts a large body, stops redirect loops and slow servers", async () => {
        const big = await safeFetch(`http://public.test:${port}/big`, { ...options, maxBytes: 1000 });
        expect(big.body.length).toBe(1000);
        expect(big.truncated).toBe(true);
        await refused(safeFetch(`http://public.test:${port}/loop`, options), "too_many_redirects");
        await refused(safeFetch(`http://public.test:${port}/slow`, { ...options, timeoutMs: 300 }), "fetch_timeout");
    });
});
