import { tokenize } from "./tokenize.ts";

/** Longest token n-gram the similarity counts; 4 as in BLEU. */
export const maxOrder = 4;

/** A text's token n-gram counts, one map per order. Build once per candidate, compare many times. */
export interface TextProfile {
    readonly orders: readonly ReadonlyMap<string, number>[];
    readonly totals: readonly number[];
}

export function textProfile(text: string): TextProfile {
    return tokenProfile(tokenize(text));
}

export function tokenProfile(tokens: readonly string[]): TextProfile {
    const orders: Map<string, number>[] = [];
    const totals: number[] = [];
    for (let n = 1; n <= maxOrder; n++) {
        const counts = new Map<string, number>();
        for (let start = 0; start + n <= tokens.length; start++) {
            const gram = n === 1 ? tokens[start]! : tokens.slice(start, start + n).join("\u0001");
            counts.set(gram, (counts.get(gram) ?? 0) + 1);
        }
        orders.push(counts);
        totals.push(Math.max(0, tokens.length - n + 1));
    }
    return { orders, totals };
}

/**
 * Symmetric token n-gram F-score (chrF's formula over word n-grams, orders 1..4, averaged over
 * the orders both texts are long enough for). 1 for equal token sequences, 0 for nothing shared.
 */
export function profileSimilarity(a: TextProfile, b: TextProfile): number {
    let sum = 0;
    let orders = 0;
    for (let n = 0; n < maxOrder; n++) {
        const totalA = a.totals[n]!;
        const totalB = b.totals[n]!;
        if (totalA === 0 && totalB === 0) continue;
        orders++;
        if (totalA === 0 || totalB === 0) continue;
        const [small, large] = a.orders[n]!.size <= b.orders[n]!.size ? [a.orders[n]!, b.orders[n]!] : [b.orders[n]!, a.orders[n]!];
        let overlap = 0;
        for (const [gram, count] of small) {
            const other = large.get(gram);
            if (other != null) overlap += Math.min(count, other);
        }
        sum += (2 * overlap) / (totalA + totalB);
    }
    return orders === 0 ? 1 : sum / orders;
}

export function textSimilarity(a: string, b: string): number {
    return profileSimilarity(textProfile(a), textProfile(b));
}
