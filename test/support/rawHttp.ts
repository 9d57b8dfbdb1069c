import net from "node:net";

export interface RawResponse {
    readonly status: number;
    readonly head: string;
    readonly body: string;
}

/**
 * Sends bytes exactly as given (no Host added, truncated or chunked bodies, odd headers) and reads
 * the answer until its Content-Length is in, the server closes the connection, or `timeoutMs`
 * passes. Status 0: no answer.
 */
export function rawHttp(port: number, request: string | Uint8Array, timeoutMs = 10_000): Promise<RawResponse> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        const chunks: Buffer[] = [];
        const finish = () => {
            clearTimeout(timer);
            socket.destroy();
            const text = Buffer.concat(chunks).toString("utf8");
            const split = text.indexOf("\r\n\r\n");
            const head = split === -1 ? text : text.slice(0, split);
            resolve({ status: Number(/^HTTP\/1\.\d (\d{3})/.exec(head)?.[1] ?? 0), head, body: split === -1 ? "" : text.slice(split + 4) });
        };
        const timer = setTimeout(finish, timeoutMs);
        socket.on("data", (chunk: Buffer) => {
            chunks.push(chunk);
            const text = Buffer.concat(chunks).toString("latin1");
            const split = text.indexOf("\r\n\r\n");
            const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split))?.[1];
            if (split !== -1 && length != null && text.length - split - 4 >= Number(length)) finish();
        });
        socket.on("end", finish);
        socket.on("error", finish);
        socket.on("connect", () => socket.write(request));
    });
}
