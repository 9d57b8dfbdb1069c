import { formatBytes } from "../hardware/index.ts";

/**
 * A one-line download progress bar, drawn only when `stream` is a terminal (quiet in scripts and
 * logs), redrawn at most every 100 ms.
 */
export function progressBar(stream: NodeJS.WritableStream, label: string) {
    const tty = (stream as { isTTY?: boolean }).isTTY === true;
    let last = 0;
    return {
        update({ receivedBytes, totalBytes }: { receivedBytes: number; totalBytes?: number }): void {
            const now = Date.now();
            if (!tty || (now - last < 100 && receivedBytes !== totalBytes)) return;
            last = now;
            const width = 30;
            const share = totalBytes != null && totalBytes > 0 ? Math.min(1, receivedBytes / totalBytes) : undefined;
            const bar = share != null ? `[${"#".repeat(Math.round(share * width)).padEnd(width, "-")}] ${Math.floor(share * 100)}%` : "";
            const sizes = totalBytes != null ? `${formatBytes(receivedBytes)} / ${formatBytes(totalBytes)}` : formatBytes(receivedBytes);
            stream.write(`\r${label} ${bar} ${sizes}\x1b[K`);
        },
        done(): void {
            if (tty && last > 0) stream.write("\n");
        }
    };
}
