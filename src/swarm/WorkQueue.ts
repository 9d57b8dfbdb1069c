import { CancelledError, OverloadedError } from "../errors.ts";

/**
 * Admits one job at a time to the workers; up to `capacity` more wait in order. Past that, `enter`
 * fails fast with OverloadedError (HTTP 429) and a Retry-After estimated from recent job times.
 */
export class WorkQueue {
    readonly capacity: number;
    #busy = false;
    readonly #waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
    #averageMs = 5000;

    constructor(capacity: number) {
        this.capacity = capacity;
    }

    get waiting(): number {
        return this.#waiting.length;
    }

    get busy(): boolean {
        return this.#busy;
    }

    /** Resolves when the caller may use the workers; it must call `leave` afterwards. */
    async enter(signal: AbortSignal): Promise<void> {
        if (signal.aborted) throw new CancelledError("request cancelled before it started");
        if (!this.#busy) {
            this.#busy = true;
            return;
        }
        if (this.#waiting.length >= this.capacity) {
            const seconds = Math.max(1, Math.ceil((this.#averageMs * (this.#waiting.length + 1)) / 1000));
            throw new OverloadedError(`the swarm is busy (${this.#waiting.length} requests waiting); retry in ${seconds} s`, seconds);
        }
        await new Promise<void>((resolve, reject) => {
            const waiter = {
                resolve: () => {
                    signal.removeEventListener("abort", onAbort);
                    resolve();
                },
                reject
            };
            const onAbort = () => {
                const index = this.#waiting.indexOf(waiter);
                if (index !== -1) this.#waiting.splice(index, 1);
                reject(new CancelledError("request cancelled while waiting for the swarm"));
            };
            signal.addEventListener("abort", onAbort, { once: true });
            this.#waiting.push(waiter);
        });
    }

    /** Hands the workers to the next waiter; `elapsedMs` feeds the Retry-After estimate. */
    leave(elapsedMs: number): void {
        this.#averageMs = this.#averageMs * 0.8 + elapsedMs * 0.2;
        const next = this.#waiting.shift();
        if (next == null) this.#busy = false;
        else next.resolve();
    }

    /** Fails every waiter (shutdown). */
    rejectAll(error: unknown): void {
        for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    }
}
