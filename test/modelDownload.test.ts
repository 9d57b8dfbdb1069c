import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DownloadError } from "../src/errors.ts";
import { downloadModel, sha256File } from "../src/models/downloadModel.ts";
import { startModelServer, type ModelServer } from "./support/modelServer.ts";
import { testModelPath } from "./support/testModel.ts";

let server: ModelServer;
let other: ModelServer;
let sha256: string;
let size: number;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-download-"));
const file = "stories260K.gguf";

beforeAll(async () => {
    const model = await testModelPath();
    sha256 = await sha256File(model);
    size = fs.statSync(model).size;
    server = await startModelServer(model, sha256);
    other = await startModelServer(model, sha256);
});

afterAll(async () => {
    await server.close();
    await other.close();
    fs.rmSync(dir, { recursive: true, force: true });
});

function destination(name: string): string {
    return path.join(dir, name, file);
}

describe("downloadModel against a local server", () => {
    test("a full download through Hugging Face's redirect, verified by the sha256 it announces", async () => {
        const progress: number[] = [];
        const result = await downloadModel({
            url: `${server.url}/org/repo/resolve/main/${file}`,
            destination: destination("full"),
            stallTimeoutMs: 10_000,
            onProgress: ({ receivedBytes, totalBytes }) => {
                progress.push(receivedBytes);
                expect(totalBytes).toBe(size);
            }
        });
        expect(result).toEqual({ path: destination("full"), bytes: size, sha256, resumedFrom: 0 });
        expect(await sha256File(destination("full"))).toBe(sha256);
        expect(fs.existsSync(`${destination("full")}.partial`)).toBe(false);
        expect(progress.at(-1)).toBe(size);
    });

    test("an interrupted download keeps its .partial and resumes with a Range request", async () => {
        const url = `${server.url}/cut/${file}`;
        const first = downloadModel({ url, destination: destination("resume"), sha256, stallTimeoutMs: 10_000 });
        await expect(first).rejects.toThrow(DownloadError);
        const kept = fs.statSync(`${destination("resume")}.partial`).size;
        expect(kept).toBeGreaterThan(0);
        expect(kept).toBeLessThan(size);
        expect(fs.existsSync(destination("resume"))).toBe(false);

        const second = await downloadModel({ url, destination: destination("resume"), sha256, stallTimeoutMs: 10_000 });
        expect(second.resumedFrom).toBe(kept);
        expect(server.requests.filter((request) => request.path === `/cut/${file}`).at(-1)?.range).toBe(`bytes=${kept}-`);
        expect(await sha256File(destination("resume"))).toBe(sha256);
    });

    test("a complete .partial left behind is finished without downloading again", async () => {
        fs.mkdirSync(path.dirname(destination("complete")), { recursive: true });
        fs.copyFileSync(await testModelPath(), `${destination("complete")}.partial`);
        const result = await downloadModel({ url: `${server.url}/files/${file}`, destination: destination("complete"), sha256, stallTimeoutMs: 10_000 });
        expect(result.resumedFrom).toBe(size);
        expect(await sha256File(destination("complete"))).toBe(sha256);
    });

    test("a corrupt download is rejected by sha256 and deleted", async () => {
        const attempt = downloadModel({ url: `${server.url}/corrupt/${file}`, destination: destination("corrupt"), sha256, stallTimeoutMs: 10_000 });
        await expect(attempt).rejects.toMatchObject({ code: "checksum_mismatch" });
        expect(fs.existsSync(destination("corrupt"))).toBe(false);
        expect(fs.existsSync(`${destination("corrupt")}.partial`)).toBe(false);
    });

    test("a file whose length disagrees with the size the catalog records is refused before it is written", async () => {
        const expectedSize = { bytes: 1.25e6, tolerance: 5000, text: "1.25 MB", source: "https://huggingface.co/org/repo" };
        const attempt = downloadModel({ url: `${server.url}/org/repo/resolve/main/${file}`, destination: destination("wrong-size"), stallTimeoutMs: 10_000, expectedSize });
        await expect(attempt).rejects.toMatchObject({ code: "size_mismatch" });
        await expect(attempt).rejects.toThrow(`stories260K.gguf should be 1.25 MB (as https://huggingface.co/org/repo lists it), but ${server.url}/org/repo/resolve/main/${file} has ${size} bytes`);
        expect(fs.readdirSync(path.dirname(destination("wrong-size")))).toEqual([]);
        // The published figure's rounding is allowed: 1185376 bytes is "1.19 MB".
        const result = await downloadModel({ url: `${server.url}/org/repo/resolve/main/${file}`, destination: destination("right-size"), stallTimeoutMs: 10_000, expectedSize: { ...expectedSize, bytes: 1.19e6, text: "1.19 MB" } });
        expect(result.bytes).toBe(size);
    });

    test("a 404 is a clear error and leaves nothing behind", async () => {
        const attempt = downloadModel({ url: `${server.url}/org/repo/nothing.gguf`, destination: destination("missing"), stallTimeoutMs: 10_000 });
        await expect(attempt).rejects.toThrow(/Not found \(HTTP 404\)/);
        expect(fs.readdirSync(path.dirname(destination("missing")))).toEqual([]);
    });

    test("a server that stops sending times out and keeps what arrived", async () => {
        const attempt = downloadModel({ url: `${server.url}/stall/${file}`, destination: destination("stall"), stallTimeoutMs: 1000 });
        await expect(attempt).rejects.toMatchObject({ code: "timeout" });
        expect(fs.statSync(`${destination("stall")}.partial`).size).toBe(10);
    });

    test("a redirect to another loopback host is refused, before any request reaches it", async () => {
        const to = `http://localhost:${other.port}/files/${file}`;
        const attempt = downloadModel({ url: `${server.url}/redirect?to=${encodeURIComponent(to)}`, destination: destination("loopback"), stallTimeoutMs: 10_000 });
        await expect(attempt).rejects.toMatchObject({ code: "redirect_refused" });
        expect(other.requests.length).toBe(0);
    });

    test("the token goes to the endpoint's host only, never to the host a redirect leads to", async () => {
        const to = `http://127.0.0.1:${other.port}/files/${file}`;
        await downloadModel({
            url: `${server.url}/redirect?to=${encodeURIComponent(to)}`,
            destination: destination("token"),
            token: "hf_secret",
            tokenHost: new URL(server.url).host,
            stallTimeoutMs: 10_000
        });
        expect(server.requests.filter((request) => request.path === "/redirect").at(-1)?.authorization).toBe("Bearer hf_secret");
        expect(other.requests.map((request) => request.authorization)).toEqual([undefined]);
    });

    test("a file that is not GGUF is never put in place", async () => {
        const text = path.join(dir, "not-gguf.txt");
        fs.writeFileSync(text, "hello");
        const plain = await startModelServer(text, "0".repeat(64));
        try {
            const attempt = downloadModel({ url: `${plain.url}/files/not-gguf.txt`, destination: destination("notgguf"), stallTimeoutMs: 10_000 });
            await expect(attempt).rejects.toThrow(/not a GGUF model/);
            expect(fs.existsSync(destination("notgguf"))).toBe(false);
        } finally {
            await plain.close();
        }
    });
});

describe("downloadModel when the disk is full", () => {
    test("ENOSPC is a clear disk_full error (Linux /dev/full)", async () => {
        // Writing to /dev/full fails with ENOSPC, as a full disk does.
        fs.mkdirSync(path.dirname(destination("full-disk")), { recursive: true });
        fs.symlinkSync("/dev/full", `${destination("full-disk")}.partial`);
        const attempt = downloadModel({ url: `${server.url}/files/${file}`, destination: destination("full-disk"), sha256, stallTimeoutMs: 10_000 });
        await expect(attempt).rejects.toMatchObject({ code: "disk_full" });
        await expect(downloadModel({ url: `${server.url}/files/${file}`, destination: destination("full-disk"), sha256, stallTimeoutMs: 10_000 })).rejects.toThrow(/disk is full/);
        expect(fs.existsSync(destination("full-disk"))).toBe(false);
    });
});

describe("downloadModel and other processes", () => {
    test("a download another live process holds is refused; a stale lock is taken over", async () => {
        const target = destination("locked");
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(`${target}.lock`, String(process.pid));
        const url = `${server.url}/files/${file}`;
        await expect(downloadModel({ url, destination: target, sha256, stallTimeoutMs: 10_000 })).rejects.toMatchObject({ code: "download_in_progress" });

        const gone = Bun.spawn(["true"]);
        await gone.exited;
        fs.writeFileSync(`${target}.lock`, String(gone.pid));
        await downloadModel({ url, destination: target, sha256, stallTimeoutMs: 10_000 });
        expect(await sha256File(target)).toBe(sha256);
        expect(fs.existsSync(`${target}.lock`)).toBe(false);
    });
});
