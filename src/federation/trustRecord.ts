/**
 * A node's reputation, learned without labels from how often its answer agrees with what the other
 * nodes decided (one-coin Dawid–Skene: each node is right with one probability p, estimated from
 * its agreement with the others' consensus; Dawid & Skene 1979, Raykar et al. 2010). The weight is
 * the log-odds of that estimate, the optimal weight of independent voters in a weighted majority
 * (Nitzan & Paroush 1982), scaled so that a newcomer votes 1.
 */
export interface TrustRecord {
    /** Agreements with the others' decided vote, decayed. */
    readonly agreed: number;
    /** Decided votes the node took part in, decayed. */
    readonly decided: number;
    /** Lifetime counts, for people to read; the weight uses the decayed ones. */
    readonly agreements: number;
    readonly votes: number;
    /** ISO time of the last update. */
    readonly updated: string | null;
}

/**
 * Beta(2, 1) prior on being right: a newcomer is assumed right 2 times in 3, so it starts at the
 * neutral weight 1, and its first few votes move it only a little (bounded until it has history).
 */
const priorAgreed = 2;
const priorDisagreed = 1;
/**
 * Each decided vote multiplies the old counts by this, so the record remembers about the last
 * 1 / (1 - decay) = 100 votes: a node that changes model or degrades is re-learned in about as many.
 */
const trustDecay = 0.99;
/** The smallest weight: a node agreeing with the others less than by chance still breaks their ties. */
export const minTrustWeight = 0.05;

const neutralLogOdds = Math.log(priorAgreed / priorDisagreed);

export const newTrust: TrustRecord = { agreed: 0, decided: 0, agreements: 0, votes: 0, updated: null };

/** The record after one more decided vote. */
export function recordAgreement(record: TrustRecord, agreed: boolean, now = new Date()): TrustRecord {
    return {
        agreed: record.agreed * trustDecay + (agreed ? 1 : 0),
        decided: record.decided * trustDecay + 1,
        agreements: record.agreements + (agreed ? 1 : 0),
        votes: record.votes + 1,
        updated: now.toISOString()
    };
}

/** The smoothed estimate that the node is right, 0..1. */
export function trustEstimate(record: TrustRecord): number {
    return (record.agreed + priorAgreed) / (record.decided + priorAgreed + priorDisagreed);
}

/** Its vote weight: log-odds of the estimate over a newcomer's (so a newcomer weighs 1), at least `minTrustWeight`. */
export function trustWeight(record: TrustRecord): number {
    // The odds p / (1 - p), from the counts so that a newcomer's weight is exactly 1.
    const odds = (record.agreed + priorAgreed) / (Math.max(0, record.decided - record.agreed) + priorDisagreed);
    return Math.max(minTrustWeight, Math.log(odds) / neutralLogOdds);
}

/** Why a node weighs what it does, in words. */
export function explainTrust(name: string, record: TrustRecord): string {
    const weight = trustWeight(record).toFixed(2);
    if (record.votes === 0) return `${name} has no decided vote yet → neutral weight ${weight}`;
    return `${name} agreed with the others on ${record.agreements} of ${record.votes} decided votes → weight ${weight}`;
}
