import path from "node:path";

export interface ServeChild {
    readonly url: string;
    /** Stops the server (SIGTERM) and returns its peak RSS in bytes. */
    stop(): Promise<number>;
}

/** Starts `serveChild.ts` in its own process, so each measurement has a fresh server and its own peak RSS. */
export async function startServeChild(modelPath: string, workers: number, threads: number, contextSize = 1024): Promise<ServeChild> {
    const child = Bun.spawn([process.execPath, path.join(import.meta.dir, "serveChild.ts"), modelPath, String(workers), String(threads), String(contextSize)], { stdout: "pipe", stderr: "inherit" });
    const lines = readLines(child.stdout);
    const url = (await lines.next()).value as string;
    return {
        url,
        stop: async () => {
            child.kill("SIGTERM");
            const rss = Number((await lines.next()).value);
            await child.exited;
            return rss;
        }
    };
}

async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    let buffered = "";
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffered += decoder.decode(read.value, { stream: true });
        let newline: number;
        while ((newline = buffered.indexOf("\n")) !== -1) {
            yield buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
        }
    }
}
