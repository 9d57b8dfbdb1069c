#!/usr/bin/env bun
/**
 * Simulates federations of the models in the shared consensus data (see ../shared/consensus/README.md):
 *   bun scripts/bench-federation-trust.ts [data dir] [--json] [--runs N] [--passes P]
 * Each model is a node with k workers (k = 2, 4). Problems arrive in a seeded random order (P passes
 * over the set, each with fresh samples); each node votes locally on k of its samples with the
 * `answer` strategy, then the federation's own global vote runs over the nodes' winners with
 * (a) equal node weights, (b) weights fitted on the labels (log-odds of each node's local-vote
 * accuracy at this k, held-in: an upper bound), (c) learned trust, updated after every problem from
 * the nodes' agreement with each other, without labels. Accuracy is over the stream and over its
 * second half (trust settled), averaged over N seeded streams, next to the strongest node alone with
 * the same k. `--json` prints one object per configuration instead of tables.
 */
import { decide, fitWeights, mulberry32, type LabelledDecision, type ModelWeights } from "../src/consensus/index.ts";
import { agreementsWithOthers, globalVote, nodeKey } from "../src/federation/globalVote.ts";
import type { NodeVote } from "../src/federation/protocol.ts";
import { newTrust, recordAgreement, trustWeight, type TrustRecord } from "../src/federation/trustRecord.ts";
import { benchArguments, loadSet, sample, seedOf, type Problem } from "./bench/consensusData.ts";

const args = process.argv.slice(2);
const { flag, dataDir } = benchArguments(args);
const json = args.includes("--json");
const ks = [2, 4] as const;
/** Mixed federations drawn per size (seeded); the federation of all nodes is added once. */
const federationsPerSize = 4;
const only = new Set((flag("sets") ?? "aime2024,math500").split(","));
const sets = [
    { set: "aime2024", label: "AIME24", runs: Number(flag("runs") ?? 10), passes: Number(flag("passes") ?? 10) },
    { set: "math500", label: "MATH500", runs: Number(flag("runs") ?? 4), passes: Number(flag("passes") ?? 1) }
].filter(({ set }) => only.has(set));

interface Ballot {
    readonly vote: NodeVote;
    readonly correct: boolean;
}

interface Row {
    readonly set: string;
    readonly nodes: readonly string[];
    readonly k: number;
    readonly equal: number;
    readonly fitted: number;
    readonly learned: number;
    readonly learnedSecondHalf: number;
    readonly strongest: number;
    readonly strongestNode: string;
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const pct = (value: number): string => (100 * value).toFixed(1);

/** One node's local vote on k fresh samples of a problem, the same for every configuration of a stream. */
function localVote(model: string, problem: Problem, k: number, seed: number): Ballot {
    const picked = sample(problem.candidates.length, k, mulberry32(seed));
    const candidates = picked.map((index) => problem.candidates[index]!);
    const decision = decide(candidates, { strategy: "answer" });
    const winner = candidates[decision.winner]!;
    return {
        vote: {
            node: model, model, workers: k, worker: `w${decision.winner}`, text: winner.text, temperature: 0.7, seed, finishReason: winner.finishReason ?? "stop",
            tokens: winner.tokens ?? 0, promptTokens: 0, latencyMs: 0, strategy: decision.strategy, agreement: decision.agreement, confidence: decision.confidence, candidates: []
        },
        correct: problem.correct[picked[decision.winner]!]!
    };
}

/** The stream of one run: every problem `passes` times in a seeded order, each with every node's ballot. */
function stream(set: string, byModel: Map<string, Problem[]>, k: number, run: number, passes: number): Map<string, Ballot>[] {
    const count = [...byModel.values()][0]!.length;
    const steps: Map<string, Ballot>[] = [];
    for (let pass = 0; pass < passes; pass++)
        for (const number of sample(count, count, mulberry32(seedOf(set, "order", run, pass))))
            steps.push(new Map([...byModel].map(([model, problems]) => [model, localVote(model, problems[number]!, k, seedOf(set, model, k, run, pass, number))])));
    return steps;
}

function federations(set: string, models: readonly string[]): string[][] {
    const chosen: string[][] = [];
    for (const size of [3, 5]) {
        if (size >= models.length) continue;
        const next = mulberry32(seedOf(set, "federations", size));
        const drawn = new Set<string>();
        while (drawn.size < federationsPerSize) drawn.add(sample(models.length, size, next).map((index) => models[index]!).sort().join("\n"));
        chosen.push(...[...drawn].map((members) => members.split("\n")));
    }
    return [...chosen, [...models]];
}

function simulate(set: string, streams: readonly Map<string, Ballot>[][], members: readonly string[], k: number): Row {
    const options = { strategy: "answer" } as const;
    const pick = (step: Map<string, Ballot>) => members.map((model) => step.get(model)!);
    const accuracy = (ballots: Ballot[], votes: NodeVote[], weights?: ModelWeights, trust?: ReadonlyMap<string, number>) =>
        ballots[globalVote(votes, { ...options, ...(weights == null ? {} : { weights }), ...(trust == null ? {} : { trust }) }).winner]!.correct ? 1 : 0;
    // Held-in labels: each node's local winners, as `fit-weights` would see them (log-odds only).
    const labelled: LabelledDecision[] = streams.flat().map((step) => {
        const ballots = pick(step);
        return { gold: "", candidates: ballots.map((ballot) => ({ text: ballot.correct ? "1" : "0", model: ballot.vote.model })) };
    });
    const fitted = fitWeights(labelled.map((decision) => ({ ...decision, gold: "1" })), { subsets: 0 }).weights;
    const equal: number[] = [];
    const fit: number[] = [];
    const learned: number[][] = [];
    const alone = new Map(members.map((model) => [model, [] as number[]]));
    for (const steps of streams) {
        const records = new Map<string, TrustRecord>();
        const hits: number[] = [];
        for (const step of steps) {
            const ballots = pick(step);
            const votes = ballots.map((ballot) => ballot.vote);
            for (const ballot of ballots) alone.get(ballot.vote.model)!.push(ballot.correct ? 1 : 0);
            equal.push(accuracy(ballots, votes));
            fit.push(accuracy(ballots, votes, fitted));
            const trust = new Map(votes.map((vote) => [nodeKey(vote), trustWeight(records.get(nodeKey(vote)) ?? newTrust)]));
            hits.push(accuracy(ballots, votes, undefined, trust));
            agreementsWithOthers(votes, { ...options, trust }).forEach((agreed, index) => {
                if (agreed == null) return;
                const key = nodeKey(votes[index]!);
                records.set(key, recordAgreement(records.get(key) ?? newTrust, agreed));
            });
        }
        learned.push(hits);
    }
    const [strongestNode, strongest] = [...alone].map(([model, values]) => [model, mean(values)] as const).sort((a, b) => b[1] - a[1])[0]!;
    return {
        set, nodes: members, k,
        equal: mean(equal), fitted: mean(fit), learned: mean(learned.flat()),
        learnedSecondHalf: mean(learned.flatMap((hits) => hits.slice(Math.floor(hits.length / 2)))),
        strongest, strongestNode
    };
}

const started = performance.now();
const rows: Row[] = [];
const missed: string[] = [];
for (const { set, label, runs, passes } of sets) {
    const byModel = loadSet(dataDir, set);
    const models = [...byModel.keys()];
    const chosen = federations(set, models);
    const setRows: Row[] = [];
    for (const k of ks) {
        const streams = Array.from({ length: runs }, (_, run) => stream(set, byModel, k, run, passes));
        for (const members of chosen) setRows.push(simulate(set, streams, members, k));
    }
    rows.push(...setRows);
    for (const row of setRows) {
        const name = `${label} ${row.nodes.length} nodes k=${row.k} (${row.nodes.join(", ")})`;
        if (row.learned + 1e-9 < row.equal) missed.push(`learned < equal on ${name}: ${pct(row.learned)} vs ${pct(row.equal)}`);
        if (row.learnedSecondHalf + 0.01 + 1e-9 < row.fitted) missed.push(`learned (second half) more than 1 point under fitted on ${name}: ${pct(row.learnedSecondHalf)} vs ${pct(row.fitted)}`);
        if (row.learnedSecondHalf + 1e-9 < row.strongest) missed.push(`learned (second half) < strongest node alone on ${name}: ${pct(row.learnedSecondHalf)} vs ${row.strongestNode} ${pct(row.strongest)}`);
    }
    if (json) continue;
    console.log(`\n### ${label}: federations of 3, 5 and all ${models.length} nodes, ${runs} seeded streams of ${passes} × ${[...byModel.values()][0]!.length} problems\n`);
    console.log("| nodes | k | equal | fitted (labels) | learned | learned, 2nd half | strongest alone |");
    console.log("|---|---:|---:|---:|---:|---:|---|");
    for (const row of setRows)
        console.log(`| ${row.nodes.length === models.length ? `all ${models.length}` : row.nodes.join(", ")} | ${row.k} | ${pct(row.equal)} | ${pct(row.fitted)} | ${pct(row.learned)} | ${pct(row.learnedSecondHalf)} | ${pct(row.strongest)} (${row.strongestNode}) |`);
}
if (json) for (const { strongestNode: _, ...row } of rows) console.log(JSON.stringify({ ...row, nodes: row.nodes }));
else {
    console.log(`\n### Goals\n\n${missed.length === 0 ? "All goals met." : missed.map((line) => `- MISSED: ${line}`).join("\n")}`);
    console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
