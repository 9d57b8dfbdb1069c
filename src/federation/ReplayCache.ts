/**
 * Nonces of signed requests seen within the clock window. A nonce is remembered until its request
 * could no longer pass the timestamp check, so a captured request cannot be replayed. Only requests
 * with a valid signature are recorded, so only swarm members can fill it; `capacity` bounds it anyway.
 */
export class ReplayCache {
    readonly #expiries = new Map<string, number>();
    readonly #capacity: number;
    #lastPrune = 0;

    constructor(capacity = 100_000) {
        this.#capacity = capacity;
    }

    /** Records `nonce` until `expiresAt` (ms). False when it was already seen, or the cache is full. */
    remember(nonce: string, expiresAt: number, now: number): boolean {
        if (now - this.#lastPrune > 10_000 || this.#expiries.size >= this.#capacity) this.#prune(now);
        const known = this.#expiries.get(nonce);
        if (known != null && known > now) return false;
        if (this.#expiries.size >= this.#capacity) return false;
        this.#expiries.set(nonce, expiresAt);
        return true;
    }

    get size(): number {
        return this.#expiries.size;
    }

    #prune(now: number): void {
        this.#lastPrune = now;
        for (const [nonce, expiry] of this.#expiries) if (expiry <= now) this.#expiries.delete(nonce);
    }
}
