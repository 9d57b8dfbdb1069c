import { expect, test } from "bun:test";
import { ReplayCache } from "./ReplayCache.ts";

test("a nonce passes once while it can still be replayed, again after it expired", () => {
    const cache = new ReplayCache();
    expect(cache.remember("n1", 2_000, 1_000)).toBe(true);
    expect(cache.remember("n1", 2_000, 1_500)).toBe(false);
    expect(cache.remember("n1", 30_000, 20_000)).toBe(true);
});

test("the cache is bounded: expired nonces make room, live ones do not", () => {
    const cache = new ReplayCache(2);
    expect(cache.remember("a", 100, 0)).toBe(true);
    expect(cache.remember("b", 1_000, 0)).toBe(true);
    expect(cache.remember("c", 1_000, 50)).toBe(false);
    expect(cache.remember("c", 1_000, 200)).toBe(true);
    expect(cache.size).toBe(2);
});
