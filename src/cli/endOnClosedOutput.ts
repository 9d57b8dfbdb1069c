/**
 * A reader that stops reading (`local-swarm models list | head -1`) closes the pipe under the
 * command's output; that is a normal end, so the process exits 0 without a stack trace. Any other
 * stream error is still an error.
 */
export function endOnClosedOutput(...streams: NodeJS.WriteStream[]): void {
    for (const stream of streams)
        stream.on("error", (error: NodeJS.ErrnoException) => {
            if (error.code !== "EPIPE") throw error;
            process.exit(0);
        });
}
