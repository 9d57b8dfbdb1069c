export interface ServerEvent {
    readonly event: string;
    readonly data: string;
}

/**
 * Parses a `text/event-stream` body into events, as EventSource would; reading it through fetch
 * lets the page send the API key, which EventSource cannot. Comments (keep-alives) are skipped.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let event = "message";
    let data: string[] = [];
    try {
        for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            const lines = buffer.split("\n");
            buffer = lines.pop() ?? "";
            for (const raw of lines) {
                const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
                if (line === "") {
                    if (data.length > 0) yield { event, data: data.join("\n") };
                    event = "message";
                    data = [];
                } else if (!line.startsWith(":")) {
                    const colon = line.indexOf(":");
                    const field = colon < 0 ? line : line.slice(0, colon);
                    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
                    if (field === "event") event = value;
                    else if (field === "data") data.push(value);
                }
            }
        }
    } finally {
        reader.releaseLock();
    }
}
