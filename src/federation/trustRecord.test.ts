import { expect, test } from "bun:test";
import { mulberry32 } from "../consensus/index.ts";
import { agreementsWithOthers, globalVote, nodeKey } from "./globalVote.ts";
import type { NodeVote } from "./protocol.ts";
import { explainTrust, minTrustWeight, newTrust, recordAgreement, trustEstimate, trustWeight, type TrustRecord } from "./trustRecord.ts";

function ballot(node: string, text: string): NodeVote {
    return {
        node, model: "m", workers: 2, worker: "w0", text, temperature: 0.7, seed: 1, finishReason: "stop", tokens: 2, promptTokens: 3,
        latencyMs: 10, strategy: "answer", agreement: 1, confidence: 1, candidates: []
    };
}

/** Runs `questions` global votes of nodes right with the given probabilities (wrong answers spread over 1000), learning trust as the server does. */
function crowd(accuracies: Record<string, number>, questions: number, liar?: string): { records: Map<string, TrustRecord>; correct: number } {
    const next = mulberry32(7);
    const records = new Map<string, TrustRecord>();
    let correct = 0;
    for (let question = 0; question < questions; question++) {
        const votes = Object.entries(accuracies).map(([node, p]) =>
            ballot(node, `The answer is ${node === liar ? 2000 + question : next() < p ? 42 : 100 + Math.floor(next() * 1000)}.`));
        const trust = new Map(votes.map((vote) => [nodeKey(vote), trustWeight(records.get(nodeKey(vote)) ?? newTrust)]));
        if (votes[globalVote(votes, { strategy: "answer", trust }).winner]!.text === "The answer is 42.") correct++;
        agreementsWithOthers(votes, { strategy: "answer", trust }).forEach((agreed, index) => {
            if (agreed != null) records.set(nodeKey(votes[index]!), recordAgreement(records.get(nodeKey(votes[index]!)) ?? newTrust, agreed));
        });
    }
    return { records, correct };
}

test("on a crowd with known accuracies the learned estimates find them, in order, without labels", () => {
    const accuracies = { a: 0.9, b: 0.75, c: 0.6, d: 0.45, e: 0.3 };
    const { records } = crowd(accuracies, 1500);
    const learned = Object.keys(accuracies).map((node) => records.get(`m@${node}`)!);
    learned.forEach((record, index) => expect(Math.abs(trustEstimate(record) - Object.values(accuracies)[index]!)).toBeLessThan(0.12));
    const weights = learned.map(trustWeight);
    expect(weights).toEqual([...weights].sort((x, y) => y - x));
});

test("learned trust answers better than equal weights on a crowd with one strong node", () => {
    const accuracies = { a: 0.9, b: 0.5, c: 0.5, d: 0.45, e: 0.4 };
    const next = mulberry32(11);
    let equal = 0;
    for (let question = 0; question < 2000; question++) {
        const votes = Object.entries(accuracies).map(([node, p]) => ballot(node, `The answer is ${next() < p ? 42 : 100 + Math.floor(next() * 1000)}.`));
        if (votes[globalVote(votes, { strategy: "answer" }).winner]!.text === "The answer is 42.") equal++;
    }
    expect(crowd(accuracies, 2000).correct).toBeGreaterThan(equal);
});

test("a node that always answers differently is driven to the smallest weight", () => {
    const { records } = crowd({ a: 0.8, b: 0.7, c: 0.7, liar: 0.9 }, 400, "liar");
    expect(trustWeight(records.get("m@liar")!)).toBe(minTrustWeight);
    expect(records.get("m@liar")!.agreements).toBe(0);
    expect(trustWeight(records.get("m@a")!)).toBeGreaterThan(1);
});

test("a newcomer is neutral and bounded until it has history", () => {
    expect(trustWeight(newTrust)).toBe(1);
    let record = newTrust;
    const bounds: number[] = [];
    for (let vote = 1; vote <= 5; vote++) {
        record = recordAgreement(record, true);
        // n agreements in a row: the Beta(2, 1) prior keeps the estimate at most (n + 2) / (n + 3).
        const p = (vote + 2) / (vote + 3);
        bounds.push(Math.log(p / (1 - p)) / Math.log(2));
        expect(trustWeight(record)).toBeLessThanOrEqual(bounds.at(-1)! + 1e-9);
    }
    expect(trustWeight(recordAgreement(newTrust, true))).toBeCloseTo(Math.log(3) / Math.log(2), 10);
    expect(explainTrust("node b", newTrust)).toBe("node b has no decided vote yet → neutral weight 1.00");
});

test("decay re-learns a node that degrades", () => {
    let record = newTrust;
    for (let vote = 0; vote < 500; vote++) record = recordAgreement(record, true);
    const trusted = trustWeight(record);
    expect(trusted).toBeGreaterThan(4);
    let votes = 0;
    while (trustWeight(record) >= 1) {
        record = recordAgreement(record, false);
        votes++;
    }
    // About 100 votes of memory: a fall from full trust to below neutral takes tens of votes, not hundreds.
    expect(votes).toBeGreaterThan(10);
    expect(votes).toBeLessThan(100);
    expect(record.votes).toBe(500 + votes);
    expect(record.agreements).toBe(500);
    expect(explainTrust("node b", record)).toBe(`node b agreed with the others on 500 of ${500 + votes} decided votes → weight ${trustWeight(record).toFixed(2)}`);
});
