import { betaAboveHalf } from "./betaAboveHalf.ts";
import { decide } from "./decide.ts";
import { runStrategy } from "./runStrategy.ts";
import { tallyVotes } from "./tallyVotes.ts";
import type { Candidate, ConsensusOptions, Decision } from "./types.ts";

export interface AdaptiveOptions extends ConsensusOptions {
    /** Stop once P(leading answer beats the runner-up) reaches this (default 0.95, as in Adaptive-Consistency). */
    readonly stopAt?: number;
    /** Never stop before this many candidates (default 2). */
    readonly minSamples?: number;
}

/**
 * Adaptive stopping: feed candidates as workers finish; `add` answers true once the leading
 * answer is decided by the Beta rule of Adaptive-Consistency (uniform prior on the leader's share
 * of the top two votes, stop when P(share > 1/2) >= stopAt), and the caller stops the other workers.
 * Only strategies that vote on answers (answer, majority, json, and `auto` when it picks one of
 * them) can stop early; for the others every candidate is used. Weighted votes count in units of
 * the voters' mean weight, so weights shift the decision without making it hastier.
 */
export class AdaptiveVote {
    readonly #options: AdaptiveOptions;
    readonly #candidates: Candidate[] = [];
    #stopped = false;

    constructor(options: AdaptiveOptions = {}) {
        this.#options = options;
    }

    /** Adds a finished candidate; true when no more are needed. */
    add(candidate: Candidate): boolean {
        this.#candidates.push(candidate);
        if (!this.#stopped && this.#candidates.length >= (this.#options.minSamples ?? 2)) this.#stopped = this.#leaderDecided();
        return this.#stopped;
    }

    get stopped(): boolean {
        return this.#stopped;
    }

    get count(): number {
        return this.#candidates.length;
    }

    /** The decision over the candidates added so far; `used` says how many that is. */
    decision(): Decision {
        const decision = decide(this.#candidates, this.#options);
        const note = this.#stopped ? `stopped early after ${this.#candidates.length} candidates` : "adaptive stopping did not trigger";
        return { ...decision, reason: `${decision.reason}; ${note}` };
    }

    #leaderDecided(): boolean {
        const { keys, votes } = runStrategy(this.#candidates, this.#options);
        if (keys == null || votes == null) return false;
        const tally = tallyVotes(keys, votes);
        if (tally.voters === 0 || tally.total <= 0) return false;
        const first = tally.entries[0]?.[1] ?? 0;
        const second = tally.entries[1]?.[1] ?? 0;
        const unit = tally.total / tally.voters;
        return betaAboveHalf(first / unit + 1, second / unit + 1) >= (this.#options.stopAt ?? 0.95);
    }
}
