/**
 * One page's event stream: a bounded queue of SSE frames, read as a byte stream. A page that
 * falls `limit` frames behind is cut off rather than buffered without end; its script reconnects
 * and starts again from a fresh snapshot. Closing (the page went away, overflow, shutdown) calls
 * `onClose` once, which is where the monitor forgets the feed.
 */
export class EventFeed {
    readonly #limit: number;
    readonly #onClose: (feed: EventFeed) => void;
    #frames: string[] = [];
    #wake: (() => void) | undefined;
    #closed = false;

    constructor(limit: number, onClose: (feed: EventFeed) => void) {
        this.#limit = limit;
        this.#onClose = onClose;
    }

    get closed(): boolean {
        return this.#closed;
    }

    /** Frames waiting to be read. */
    get queued(): number {
        return this.#frames.length;
    }

    push(frame: string): void {
        if (this.#closed) return;
        if (this.#frames.length >= this.#limit) {
            this.close();
            return;
        }
        this.#frames.push(frame);
        this.#wake?.();
    }

    /** Ends the stream; frames not yet read are dropped. */
    close(): void {
        if (this.#closed) return;
        this.#closed = true;
        this.#frames = [];
        this.#wake?.();
        this.#onClose(this);
    }

    /** The frames as SSE bytes. Pulled only as fast as the client reads; cancelling it closes the feed. */
    stream(): ReadableStream<Uint8Array> {
        const encoder = new TextEncoder();
        return new ReadableStream<Uint8Array>({
            pull: async (controller) => {
                while (this.#frames.length === 0 && !this.#closed)
                    await new Promise<void>((resolve) => {
                        this.#wake = resolve;
                    });
                this.#wake = undefined;
                if (this.#closed) controller.close();
                else controller.enqueue(encoder.encode(this.#frames.splice(0).join("")));
            },
            cancel: () => this.close()
        }, { highWaterMark: 0 });
    }
}
