import fs from "node:fs";
import path from "node:path";
import { CancelledError, InvalidRequestError } from "../errors.ts";
import type { FetchProgress } from "./setupProviders.ts";

/**
 * Makes a model reference local: a `.gguf` path is checked (it must exist and start with the
 * GGUF magic); an http(s) URL is downloaded into `<modelsDir>/url/<host>/<file>` through a
 * `.partial` file renamed into place only when complete. Resolves to the local path.
 */
export async function fetchModelFile(ref: string, modelsDir: string, onProgress: (progress: FetchProgress) => void, signal: AbortSignal): Promise<string> {
    if (!/^https?:\/\//i.test(ref)) {
        const file = path.resolve(ref);
        checkGguf(file, ref);
        return file;
    }
    let url: URL;
    try {
        url = new URL(ref);
    } catch {
        throw new InvalidRequestError(`"${ref}" is not a valid URL`);
    }
    const name = decodeURIComponent(url.pathname.split("/").at(-1) ?? "");
    if (!/^[\w.-]+\.gguf$/.test(name)) throw new InvalidRequestError(`the URL must end in a .gguf file name (got "${name}")`);
    const destination = path.join(modelsDir, "url", url.hostname, name);
    if (fs.existsSync(destination)) return destination;
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    const partial = `${destination}.partial`;
    try {
        const response = await fetch(url, { signal });
        if (!response.ok || response.body == null) throw new InvalidRequestError(`downloading ${ref} failed: HTTP ${response.status}`);
        const length = Number(response.headers.get("content-length"));
        const totalBytes = Number.isFinite(length) && length > 0 ? length : undefined;
        const out = fs.createWriteStream(partial);
        let receivedBytes = 0;
        const reader = response.body.getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
            receivedBytes += chunk.value.length;
            if (!out.write(chunk.value)) await new Promise((resolve) => out.once("drain", resolve));
            onProgress({ receivedBytes, ...(totalBytes != null ? { totalBytes } : {}) });
        }
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error != null ? reject(error) : resolve())));
        if (totalBytes != null && receivedBytes !== totalBytes) throw new InvalidRequestError(`downloading ${ref} stopped after ${receivedBytes} of ${totalBytes} bytes`);
        checkGguf(partial, ref);
        fs.renameSync(partial, destination);
        return destination;
    } catch (error) {
        fs.rmSync(partial, { force: true });
        if (signal.aborted) throw new CancelledError("download cancelled", { cause: error });
        if (error instanceof InvalidRequestError) throw error;
        throw new InvalidRequestError(`downloading ${ref} failed: ${(error as Error).message}`, { cause: error });
    }
}

function checkGguf(file: string, ref: string): void {
    let head: Buffer;
    try {
        const fd = fs.openSync(file, "r");
        head = Buffer.alloc(4);
        fs.readSync(fd, head, 0, 4, 0);
        fs.closeSync(fd);
    } catch (error) {
        throw new InvalidRequestError(`cannot read the model ${ref}: ${(error as Error).message}`, { cause: error });
    }
    if (head.toString("latin1") !== "GGUF") throw new InvalidRequestError(`${ref} is not a GGUF model file`);
}
