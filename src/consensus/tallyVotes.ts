/** Weighted votes per answer key, best first. */
export interface Tally {
    /** Answer keys with their summed weights, highest first (ties by key, so order-independent). */
    readonly entries: readonly (readonly [key: string, weight: number])[];
    /** Summed weight of every voter. */
    readonly total: number;
    /** Number of voters (candidates with a key). */
    readonly voters: number;
}

/** `keys[i]` undefined means candidate i does not vote. */
export function tallyVotes(keys: readonly (string | undefined)[], weights: readonly number[]): Tally {
    const sums = new Map<string, number>();
    let total = 0;
    let voters = 0;
    keys.forEach((key, index) => {
        if (key == null) return;
        const weight = weights[index] ?? 1;
        sums.set(key, (sums.get(key) ?? 0) + weight);
        total += weight;
        voters++;
    });
    const entries = [...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return { entries, total, voters };
}

/** Winner's share of the votes and its margin over the runner-up, both as shares of all votes. */
export function voteMargin(tally: Tally): { agreement: number; margin: number } {
    if (tally.total <= 0) return { agreement: 0, margin: 0 };
    const first = tally.entries[0]?.[1] ?? 0;
    const second = tally.entries[1]?.[1] ?? 0;
    return { agreement: first / tally.total, margin: (first - second) / tally.total };
}
