import { PermissionError } from "../../errors.ts";
import type { DownloadProgress, ModelLibrary, ModelSource } from "../../models/index.ts";
import { isLoopbackHost } from "../../net/index.ts";
import { mapError } from "../errorBody.ts";

/** Progress lines at most this often (and always the last one): a large file would otherwise send one per chunk read. */
const progressEveryMs = 200;

/**
 * `/api/pull` and `/api/delete` change what is on disk, so they are never public: with an API key
 * the request guard already demanded it (no setting opens them), and without one they answer only
 * on a loopback-bound server.
 */
export function checkModelAccess(server: { readonly host: string; readonly apiKey: string | undefined }): void {
    if (!isLoopbackHost(server.host) && (server.apiKey == null || server.apiKey === ""))
        throw new PermissionError("pulling and deleting models needs an API key on a server beyond loopback", { code: "models_need_api_key" });
}

/**
 * Ollama's `/api/pull` as NDJSON: "pulling manifest", then progress objects (`status`, `digest`,
 * `total`, `completed`) while the verified downloader fetches the file, then "success". A reference
 * that does not resolve is an HTTP error before any line; a failure during the download is
 * Ollama's `{"error": …}` line. A client that goes away cancels the download (its `.partial` stays
 * for the next pull to resume).
 */
export async function streamPull(library: ModelLibrary, ref: string, signal: AbortSignal): Promise<Response> {
    const { readable, writable } = new TransformStream<string, string>();
    const writer = writable.getWriter();
    // A client that has gone away makes writes fail; the download stops through `signal`.
    const line = (value: unknown) => void writer.write(`${JSON.stringify(value)}\n`).catch(() => undefined);
    let source: ModelSource | undefined;
    let sourceKnown: () => void = () => undefined;
    const known = new Promise<void>((resolve) => sourceKnown = resolve);
    let lastSent = 0;
    const progress = ({ receivedBytes, totalBytes }: DownloadProgress) => {
        const now = performance.now();
        if (source == null || (now - lastSent < progressEveryMs && receivedBytes !== totalBytes)) return;
        lastSent = now;
        line({ status: `downloading ${source.label}`, digest: source.sha256 != null ? `sha256:${source.sha256}` : source.label, total: totalBytes ?? receivedBytes, completed: receivedBytes });
    };
    const pulling = library.pull(ref, {
        onSource: (resolved) => {
            source = resolved;
            line({ status: "pulling manifest" });
            sourceKnown();
        },
        onProgress: progress,
        signal
    });
    await Promise.race([known, pulling]);
    void pulling.then(
        (result) => {
            line({ status: result.sha256 != null ? "verifying sha256 digest" : "verifying size and GGUF header" });
            line({ status: "success" });
        },
        (error: unknown) => line({ error: mapError("UNKNOWN", error).body.error.message })
    ).finally(() => writer.close().catch(() => undefined));
    return new Response(readable.pipeThrough(new TextEncoderStream()), { headers: { "content-type": "application/x-ndjson" } });
}
