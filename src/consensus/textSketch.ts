import { maxOrder } from "./textSimilarity.ts";

/** Hashes kept per n-gram order: the estimate's standard error on a Jaccard index J is about √(J(1−J)/k) ≤ 0.05. */
const sketchSize = 128;

/**
 * A bottom-k MinHash sketch of a text's token n-grams (orders 1..4, as `textProfile`): per order,
 * the `sketchSize` smallest hashes of its n-grams counted as a multiset (the i-th repeat of a gram
 * is its own element), ascending, plus the order's total. Building one is linear in the text;
 * comparing two costs O(k) whatever their lengths.
 */
export interface TextSketch {
    readonly orders: readonly Uint32Array[];
    readonly totals: readonly number[];
}

export function textSketch(tokens: readonly string[]): TextSketch {
    const tokenHashes = Uint32Array.from(tokens, fnv1a);
    const orders: Uint32Array[] = [];
    const totals: number[] = [];
    for (let n = 1; n <= maxOrder; n++) {
        const count = Math.max(0, tokens.length - n + 1);
        const repeats = new Map<number, number>();
        const hashes = new Uint32Array(count);
        for (let start = 0; start < count; start++) {
            let gram = 0x811c9dc5;
            for (let offset = 0; offset < n; offset++) gram = Math.imul(gram ^ tokenHashes[start + offset]!, 0x01000193);
            const repeat = (repeats.get(gram) ?? 0) + 1;
            repeats.set(gram, repeat);
            hashes[start] = mix(gram ^ Math.imul(repeat, 0x9e3779b1));
        }
        orders.push(hashes.sort().subarray(0, Math.min(sketchSize, count)));
        totals.push(count);
    }
    return { orders, totals };
}

/**
 * The estimate of `profileSimilarity` from two sketches: per order, the Jaccard index of the two
 * multisets estimated over the k smallest hashes of their union, turned into the same F-score
 * (Dice = 2J / (1 + J)), averaged over the orders as the exact measure does. Exact (up to hash
 * collisions) for an order whose n-grams in the two texts number at most k together.
 */
export function sketchSimilarity(a: TextSketch, b: TextSketch): number {
    let sum = 0;
    let orders = 0;
    for (let n = 0; n < a.orders.length; n++) {
        if (a.totals[n] === 0 && b.totals[n] === 0) continue;
        orders++;
        if (a.totals[n] === 0 || b.totals[n] === 0) continue;
        const jaccard = sketchJaccard(a.orders[n]!, b.orders[n]!);
        sum += (2 * jaccard) / (1 + jaccard);
    }
    return orders === 0 ? 1 : sum / orders;
}

/** Walks the two ascending sketches as a merge, over the k smallest hashes of their union. */
function sketchJaccard(a: Uint32Array, b: Uint32Array): number {
    let i = 0;
    let j = 0;
    let union = 0;
    let shared = 0;
    while (union < sketchSize && (i < a.length || j < b.length)) {
        const x = i < a.length ? a[i]! : Number.POSITIVE_INFINITY;
        const y = j < b.length ? b[j]! : Number.POSITIVE_INFINITY;
        if (x === y) {
            shared++;
            i++;
            j++;
        } else if (x < y) i++;
        else j++;
        union++;
    }
    return union === 0 ? 1 : shared / union;
}

function fnv1a(text: string): number {
    let hash = 0x811c9dc5;
    for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
    return hash >>> 0;
}

/** murmur3's finaliser: spreads the bits so the smallest hashes are a uniform sample. */
function mix(value: number): number {
    let hash = value >>> 0;
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    return (hash ^ (hash >>> 16)) >>> 0;
}
