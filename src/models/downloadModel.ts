import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CancelledError, DownloadError } from "../errors.ts";
import { checkRedirect, realLookup, type LookupAll } from "./redirectPolicy.ts";
import { validateGguf } from "./validateGguf.ts";
import { processAlive } from "../processAlive.ts";

export interface DownloadProgress {
    readonly receivedBytes: number;
    /** Unknown when the server gives no length. */
    readonly totalBytes?: number;
}

export interface DownloadModelOptions {
    readonly url: string;
    /** Final file; the download goes to `<destination>.partial` and is renamed only when complete and verified. */
    readonly destination: string;
    /** Expected sha256 (hex); when absent, Hugging Face's `X-Linked-Etag` (the LFS sha256) is used if sent. */
    readonly sha256?: string;
    /** Bearer token, sent only to `tokenHost`, never to a host a redirect leads to. */
    readonly token?: string;
    readonly tokenHost?: string;
    /** Milliseconds without data (or headers) before the download fails; what arrived is kept for resuming. */
    readonly stallTimeoutMs: number;
    readonly onProgress?: (progress: DownloadProgress) => void;
    readonly signal?: AbortSignal;
    /** Resolves redirect targets' host names; default: the system resolver. */
    readonly lookup?: LookupAll;
    /** The size the catalog records for this file (as its publisher's page shows it); a file of another length is refused. */
    readonly expectedSize?: ExpectedSize;
}

/** A file size published with limited precision ("2.50 GB"), and where it was published. */
export interface ExpectedSize {
    readonly bytes: number;
    /** Bytes the real length may differ by: the rounding of the published figure. */
    readonly tolerance: number;
    /** As published, e.g. "2.50 GB". */
    readonly text: string;
    /** The page that publishes it. */
    readonly source: string;
}

export interface DownloadResult {
    readonly path: string;
    readonly bytes: number;
    /** The sha256 the file was verified against, if one was known. */
    readonly sha256?: string;
    /** Bytes that were already in a `.partial` file from an earlier attempt. */
    readonly resumedFrom: number;
}

const maxRedirects = 10;

/**
 * Downloads a model file: resumes an earlier `.partial` with an HTTP Range request, follows
 * redirects only where `checkRedirect` allows, verifies length, the sha256 when known and the
 * GGUF structure (`validateGguf`, which also catches a truncated file no checksum covers), and
 * renames the file into place only then. A corrupt download is deleted; a stalled or interrupted
 * one keeps its `.partial` for the next attempt.
 */
export async function downloadModel(options: DownloadModelOptions): Promise<DownloadResult> {
    await fs.promises.mkdir(path.dirname(options.destination), { recursive: true });
    const release = await lockDownload(options.destination);
    try {
        return await download(options);
    } finally {
        await release();
    }
}

/** One download attempt; starts over (recursively, once per server misstep) when a partial file cannot be resumed. */
async function download(options: DownloadModelOptions): Promise<DownloadResult> {
    const partial = `${options.destination}.partial`;
    let offset = await sizeOf(partial);
    const { response, sha256Header } = await request(options, offset);
    let total: number | undefined;
    if (response.status === 416 && offset > 0) {
        // The partial file may already hold everything; Content-Range says `bytes */<total>`.
        total = Number(/\/(\d+)$/.exec(response.headers.get("content-range") ?? "")?.[1] ?? Number.NaN);
        await response.body?.cancel();
        if (total !== offset) {
            await fs.promises.rm(partial, { force: true });
            return download(options);
        }
    } else {
        const start = response.status === 206 ? Number(/^bytes (\d+)-/.exec(response.headers.get("content-range") ?? "")?.[1] ?? Number.NaN) : 0;
        if (response.status === 206 && start !== offset) {
            await response.body?.cancel();
            if (offset === 0) throw new DownloadError(`${options.url} sent part of the file when the whole was asked for`, { code: "http_error" });
            // A range other than the one asked for: start over from scratch, without a Range header.
            await fs.promises.rm(partial, { force: true });
            return download(options);
        }
        offset = start; // 0 when the server ignored the Range and sent the whole file
        const length = Number(response.headers.get("content-length") ?? Number.NaN);
        total = Number.isFinite(length) ? offset + length : undefined;
        // Refused before a byte is written when the server announces another length.
        if (total != null && sizeDisagrees(options, total)) {
            await response.body?.cancel();
            await fs.promises.rm(partial, { force: true });
            throw sizeMismatch(options, total);
        }
        await writeBody(response, partial, offset, total, options);
    }
    const size = await sizeOf(partial);
    if (sizeDisagrees(options, size)) {
        await fs.promises.rm(partial, { force: true });
        throw sizeMismatch(options, size);
    }
    if (total != null && size !== total)
        throw new DownloadError(`The download of ${options.url} ended early (${size} of ${total} bytes); pull again to resume it`, { code: "network_error" });
    const expected = (options.sha256 ?? sha256Header)?.toLowerCase();
    if (expected != null) {
        const actual = await sha256File(partial);
        if (actual !== expected) {
            await fs.promises.rm(partial, { force: true });
            throw new DownloadError(`The file from ${options.url} is corrupt: sha256 ${actual}, expected ${expected}. It was deleted; pull again.`, { code: "checksum_mismatch" });
        }
    }
    try {
        await validateGguf(partial);
    } catch (error) {
        await fs.promises.rm(partial, { force: true });
        throw new DownloadError(`The file from ${options.url} is not a GGUF model (${(error as Error).message}). It was deleted.`, { code: "checksum_mismatch", cause: error });
    }
    await fs.promises.rename(partial, options.destination);
    return { path: options.destination, bytes: size, ...(expected != null ? { sha256: expected } : {}), resumedFrom: offset };
}

function sizeDisagrees(options: DownloadModelOptions, bytes: number): boolean {
    const expected = options.expectedSize;
    return expected != null && Math.abs(bytes - expected.bytes) > expected.tolerance;
}

function sizeMismatch(options: DownloadModelOptions, bytes: number): DownloadError {
    const expected = options.expectedSize!;
    return new DownloadError(
        `${path.basename(options.destination)} should be ${expected.text} (as ${expected.source} lists it), but ${options.url} has ${bytes} bytes. ` +
        "The catalog entry is out of date or the file was replaced; nothing was kept. Pull it by hf:<org>/<repo>/<file> to take the file as it is now.",
        { code: "size_mismatch" }
    );
}

/** Sends the request, following allowed redirects by hand so each hop is checked and the token stays home. */
async function request(options: DownloadModelOptions, offset: number): Promise<{ response: Response; sha256Header?: string }> {
    let url = parseUrl(options.url);
    let sha256Header: string | undefined;
    for (let hop = 0; hop <= maxRedirects; hop++) {
        const headers: Record<string, string> = { "accept-encoding": "identity", "user-agent": "local-swarm" };
        if (offset > 0) headers.range = `bytes=${offset}-`;
        if (options.token != null && options.tokenHost != null && url.host === options.tokenHost) headers.authorization = `Bearer ${options.token}`;
        const response = await withStallTimeout(options, (signal) => fetch(url, { headers, redirect: "manual", signal }), url);
        const linked = response.headers.get("x-linked-etag")?.replace(/"/g, "");
        if (sha256Header == null && linked != null && /^[0-9a-f]{64}$/i.test(linked)) sha256Header = linked;
        if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
            await response.body?.cancel();
            const next = new URL(response.headers.get("location") as string, url);
            await checkRedirect(url, next, options.lookup ?? realLookup);
            url = next;
            continue;
        }
        if (response.ok || (response.status === 416 && offset > 0)) return { response, ...(sha256Header != null ? { sha256Header } : {}) };
        await response.body?.cancel();
        throw httpError(response.status, url, options);
    }
    throw new DownloadError(`Too many redirects downloading ${options.url}`, { code: "http_error" });
}

function httpError(status: number, url: URL, options: DownloadModelOptions): DownloadError {
    const where = `${url.origin}${url.pathname}`;
    if (status === 404) return new DownloadError(`Not found (HTTP 404): ${where}. Check the repository and file name.`, { code: "http_error" });
    if (status === 401 || status === 403) {
        const hint = options.token == null ? " The model may be gated: accept its licence on Hugging Face and set LOCAL_SWARM_HF_TOKEN." : " Check that the token may read this repository.";
        return new DownloadError(`Access denied (HTTP ${status}): ${where}.${hint}`, { code: "http_error" });
    }
    return new DownloadError(`HTTP ${status} from ${where}; try again later`, { code: "http_error" });
}

/** Streams the body into the partial file (appending from `offset`), failing when no data comes for the stall timeout. */
async function writeBody(response: Response, partial: string, offset: number, total: number | undefined, options: DownloadModelOptions): Promise<void> {
    if (response.body == null) throw new DownloadError(`Empty response from ${options.url}`, { code: "network_error" });
    const file = await fs.promises.open(partial, offset > 0 ? "a" : "w");
    let received = offset;
    const reader = response.body.getReader();
    try {
        for (;;) {
            const { done, value } = await withStallTimeout(options, () => reader.read(), new URL(options.url), () => reader.cancel());
            if (done) break;
            await writeChunk(file, value, partial);
            received += value.byteLength;
            options.onProgress?.({ receivedBytes: received, ...(total != null ? { totalBytes: total } : {}) });
        }
    } finally {
        await file.close();
    }
}

async function writeChunk(file: fs.promises.FileHandle, chunk: Uint8Array, partial: string): Promise<void> {
    try {
        await file.write(chunk);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOSPC" || code === "EDQUOT")
            throw new DownloadError(`The disk is full writing ${partial}. Free some space and pull again; the download resumes where it stopped.`, { code: "disk_full", cause: error });
        throw new DownloadError(`Cannot write ${partial}: ${(error as Error).message}`, { code: "write_failed", cause: error });
    }
}

/**
 * Runs one network step, failing it after the stall timeout or when the caller's signal aborts.
 * `fetch` gets its own signal; a body read is stopped with `cancel`.
 */
async function withStallTimeout<T>(options: DownloadModelOptions, step: (signal: AbortSignal) => Promise<T>, url: URL, cancel?: () => Promise<void>): Promise<T> {
    if (options.signal?.aborted === true) throw new CancelledError("The download was cancelled");
    const controller = new AbortController();
    let reason: "timeout" | "cancelled" | undefined;
    const stop = (why: "timeout" | "cancelled") => {
        reason = why;
        controller.abort();
        void cancel?.().catch(() => undefined);
    };
    const timer = setTimeout(() => stop("timeout"), options.stallTimeoutMs);
    const onAbort = () => stop("cancelled");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
    try {
        return await Promise.race([step(controller.signal), aborted]);
    } catch (error) {
        if (reason === "cancelled") throw new CancelledError("The download was cancelled", { cause: error });
        if (reason === "timeout")
            throw new DownloadError(`No data from ${url.host} for ${Math.round(options.stallTimeoutMs / 1000)} s; pull again to resume`, { code: "timeout", cause: error });
        if (error instanceof DownloadError) throw error;
        throw new DownloadError(`Cannot download from ${url.host}: ${networkProblem(error)} (${(error as Error).message})`, { code: "network_error", cause: error });
    } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
    }
}

/**
 * Two processes appending to one `.partial` would corrupt it, so a download holds
 * `<destination>.lock` (holding its process id); a lock whose process is gone is stale and taken over.
 */
async function lockDownload(destination: string): Promise<() => Promise<void>> {
    const lockFile = `${destination}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            await fs.promises.writeFile(lockFile, String(process.pid), { flag: "wx" });
            return () => fs.promises.rm(lockFile, { force: true });
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST")
                throw new DownloadError(`Cannot write ${lockFile}: ${(error as Error).message}`, { code: "write_failed", cause: error });
        }
        const owner = Number((await fs.promises.readFile(lockFile, "utf8").catch(() => "")).trim());
        if (Number.isInteger(owner) && owner > 0 && processAlive(owner))
            throw new DownloadError(`${path.basename(destination)} is already being downloaded by process ${owner}; wait for it to finish`, { code: "download_in_progress" });
        await fs.promises.rm(lockFile, { force: true });
    }
    throw new DownloadError(`Cannot take the download lock ${lockFile}`, { code: "download_in_progress" });
}

function parseUrl(text: string): URL {
    try {
        const url = new URL(text);
        if (url.protocol === "http:" || url.protocol === "https:") return url;
    } catch {
        // reported below
    }
    throw new DownloadError(`Not an http(s) URL: ${text}`, { code: "invalid_url" });
}

async function sizeOf(file: string): Promise<number> {
    try {
        return (await fs.promises.stat(file)).size;
    } catch {
        return 0;
    }
}

export async function sha256File(file: string): Promise<string> {
    const hash = crypto.createHash("sha256");
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest("hex");
}

/** A failed connection in words a user can act on; the system's own message follows it in parentheses. */
function networkProblem(error: unknown): string {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN")
        return "its name does not resolve, so this machine is offline or cannot reach that host";
    if (code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ConnectionRefused")
        return "there is no route to it, or nothing answers there";
    if (code === "ECONNRESET" || code === "ETIMEDOUT") return "the connection broke off";
    if (/CERT|SSL|TLS/i.test(code)) return "its TLS certificate was not accepted (a proxy or a wrong clock?)";
    return "the connection failed";
}
