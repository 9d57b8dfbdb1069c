import type { Logger } from "../log.ts";

/** Logs each key's warning at most once per `intervalMs`, so a misconfigured peer cannot flood the log. */
export class ThrottledWarnings {
    readonly #last = new Map<string, number>();

    constructor(readonly logger: Logger, readonly intervalMs = 60_000) {}

    warn(key: string, message: string, now = Date.now()): void {
        const last = this.#last.get(key);
        if (last != null && now - last < this.intervalMs) return;
        if (this.#last.size > 10_000) this.#last.clear();
        this.#last.set(key, now);
        this.logger.warn(message);
    }
}
