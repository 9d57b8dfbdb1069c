import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";

export interface ModelServer {
    readonly url: string;
    readonly port: number;
    /** Requests seen: method, path, and the headers that matter to the tests. */
    readonly requests: { path: string; range?: string; authorization?: string }[];
    close(): Promise<void>;
}

/**
 * A Hugging Face-like file server on 127.0.0.1 for download tests, serving one real file:
 * - `/<org>/<repo>/resolve/main/<file>`: 302 to `/files/<file>` with `X-Linked-Etag: "<sha256>"`, as Hugging Face does for LFS files
 * - `/files/<file>`: the file, with Range support
 * - `/cut/<file>`: the first request gets half the file and, a second later, a closed connection; later ones behave like `/files/`
 * - `/corrupt/<file>`: the file with one byte changed, under the true sha256
 * - `/stall/<file>`: headers and 10 bytes, then nothing
 * - `/redirect?to=<url>`: 302 to `to`
 * - anything else, or another file name: 404
 */
export async function startModelServer(file: string, sha256: string): Promise<ModelServer> {
    const bytes = fs.readFileSync(file);
    const requests: ModelServer["requests"] = [];
    let cutDone = false;
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        requests.push({
            path: url.pathname,
            ...(req.headers.range != null ? { range: req.headers.range } : {}),
            ...(req.headers.authorization != null ? { authorization: req.headers.authorization } : {})
        });
        const resolve = /^\/[^/]+\/[^/]+\/resolve\/main\/(.+)$/.exec(url.pathname);
        if (resolve != null) {
            res.writeHead(302, { location: `/files/${resolve[1]}`, "x-linked-etag": `"${sha256}"` }).end();
            return;
        }
        if (url.pathname === "/redirect") {
            res.writeHead(302, { location: url.searchParams.get("to") ?? "/" }).end();
            return;
        }
        const [, kind, name] = /^\/(files|cut|corrupt|stall)\/(.+)$/.exec(url.pathname) ?? [];
        if (name !== path.basename(file)) {
            res.writeHead(404, { "content-type": "text/plain" }).end("Entry not found");
            return;
        }
        if (kind === "stall") {
            res.writeHead(200, { "content-length": String(bytes.length) });
            res.write(bytes.subarray(0, 10));
            return;
        }
        if (kind === "cut" && !cutDone) {
            cutDone = true;
            res.writeHead(200, { "content-length": String(bytes.length) });
            // Close only once the client has surely read the half it got, as a real dropped connection would leave it.
            res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => setTimeout(() => res.socket?.end(), 1000));
            return;
        }
        const body = kind === "corrupt" ? Buffer.from(bytes) : bytes;
        if (kind === "corrupt") body[body.length - 1] = (body.at(-1) ?? 0) ^ 0xff;
        const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
        const start = range != null ? Number(range[1]) : 0;
        if (start >= body.length && range != null) {
            res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
            return;
        }
        const headers: http.OutgoingHttpHeaders = { "content-length": String(body.length - start), "accept-ranges": "bytes" };
        if (range != null) headers["content-range"] = `bytes ${start}-${body.length - 1}/${body.length}`;
        res.writeHead(range != null ? 206 : 200, headers).end(body.subarray(start));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        port,
        requests,
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            })
    };
}
