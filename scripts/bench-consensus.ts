#!/usr/bin/env bun
/**
 * Measures the consensus engine on real candidate sets (see ../shared/consensus/README.md):
 *   bun scripts/bench-consensus.ts [data dir] [--subsets N] [--only aime,math,mixed,adaptive,humaneval]
 * Prints markdown tables. Every number is the accuracy (%) of the candidate a strategy picks,
 * averaged over N seeded random subsets of K candidates per problem (default 200). A pick is
 * correct when its extracted, normalised answer equals the normalised gold answer.
 */
import path from "node:path";
import { AdaptiveVote, decide, fitWeights, mulberry32, type Candidate, type ModelWeights, type RequestedStrategy } from "../src/consensus/index.ts";
import { benchArguments, loadSet, readJsonl, sample, seedOf, type Problem } from "./bench/consensusData.ts";

const args = process.argv.slice(2);
const { flag, dataDir } = benchArguments(args);
const subsets = Number(flag("subsets") ?? 200);
const only = new Set((flag("only") ?? "aime,math,mixed,adaptive,humaneval").split(","));
const ks = [1, 3, 5, 8, 16] as const;

const pct = (value: number): string => (100 * value).toFixed(1);
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

function table(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
    console.log(`\n### ${title}\n`);
    console.log(`| ${header.join(" | ")} |`);
    console.log(`|${header.map((_, index) => (index === 0 ? "---" : "---:")).join("|")}|`);
    for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

/** Accuracy of each strategy's pick, and the oracle, over seeded subsets of size k (k = Infinity: all). */
/** Picks the candidate indices of one subset; the default draws k uniformly without replacement. */
type Draw = (number: number, k: number, next: () => number) => number[];

function measure(problems: readonly Problem[], k: number, strategies: readonly RequestedStrategy[], seed: string, weights?: ModelWeights, draw?: Draw) {
    const hits = new Map<string, number[]>(strategies.map((strategy) => [strategy, []]));
    const oracle: number[] = [];
    problems.forEach((problem, number) => {
        const next = mulberry32(seedOf(seed, k, number));
        const rounds = k >= problem.candidates.length ? 1 : subsets;
        for (let round = 0; round < rounds; round++) {
            const picked = draw?.(number, k, next) ?? sample(problem.candidates.length, k, next);
            const candidates = picked.map((index) => problem.candidates[index]!);
            oracle.push(picked.some((index) => problem.correct[index]) ? 1 : 0);
            for (const strategy of strategies) {
                const decision = decide(candidates, { strategy, ...(weights == null ? {} : { weights }) });
                hits.get(strategy)!.push(problem.correct[picked[decision.winner]!] ? 1 : 0);
            }
        }
    });
    // Problems count equally whether they had one round (all candidates) or many.
    const perProblem = (values: number[]) => {
        const rounds = values.length / problems.length;
        return mean(problems.map((_, number) => mean(values.slice(number * rounds, (number + 1) * rounds))));
    };
    return { accuracy: new Map([...hits].map(([strategy, values]) => [strategy, perProblem(values)])), oracle: perProblem(oracle) };
}

const single = (problems: readonly Problem[]): number => mean(problems.map((problem) => mean(problem.correct.map(Number))));
const targets: string[] = [];
/** `answer` accuracy per set, model and K from the per-model tables, for the mixed-model comparison. */
const answerAccuracy = new Map<string, number>();

function perModel(set: "aime2024" | "math500", label: string): Map<string, Problem[]> {
    const loaded = loadSet(dataDir, set);
    const strategies: RequestedStrategy[] = ["majority", "answer", "similarity"];
    for (const [model, problems] of loaded) {
        const base = single(problems);
        const rows: string[][] = [];
        for (const k of [...ks, Infinity]) {
            const { accuracy, oracle } = measure(problems, k, strategies, `${set}/${model}`);
            const answer = accuracy.get("answer")!;
            answerAccuracy.set(`${set}/${model}/${k}`, answer);
            const majority = accuracy.get("majority")!;
            if (answer + 1e-9 < majority) targets.push(`MISSED: answer < majority on ${set}/${model} K=${k === Infinity ? "all" : k}: ${pct(answer)} vs ${pct(majority)}`);
            const gap = oracle - base > 1e-9 ? `${pct((answer - base) / (oracle - base))}%` : "n/a";
            rows.push([k === Infinity ? "all" : String(k), pct(base), pct(majority), pct(answer), pct(accuracy.get("similarity")!), pct(oracle), gap]);
        }
        table(`${label}: ${model} (${problems.length} problems)`, ["K", "single", "majority", "answer", "similarity", "oracle", "gap closed (answer)"], rows);
    }
    return loaded;
}

/** A swarm that mixes models: each of the K slots takes a random model, then one of its unused samples. */
function mixedProblems(byModel: Map<string, Problem[]>): { problems: Problem[]; draw: Draw } {
    const models = [...byModel.values()];
    const problems = models[0]!.map((_, number): Problem => {
        const parts = models.map((problems) => problems[number]!);
        return { gold: parts[0]!.gold, candidates: parts.flatMap((part) => part.candidates), correct: parts.flatMap((part) => part.correct) };
    });
    const draw: Draw = (number, k, next) => {
        const sizes = models.map((problems) => problems[number]!.candidates.length);
        const offsets = sizes.map((_, model) => sizes.slice(0, model).reduce((sum, size) => sum + size, 0));
        const taken = new Set<number>();
        while (taken.size < Math.min(k, problems[number]!.candidates.length)) {
            const model = Math.floor(next() * models.length);
            taken.add(offsets[model]! + Math.floor(next() * sizes[model]!));
        }
        return [...taken];
    };
    return { problems, draw };
}

function mixed(aime: Map<string, Problem[]>, math: Map<string, Problem[]>): void {
    // One labelled decision per problem with every model's samples, so the search sees mixed swarms.
    const labelled = mixedProblems(aime).problems;
    const { weights, fits, accuracy } = fitWeights(labelled);
    table("Weights fitted on AIME24 by fitWeights (log-odds, then held-in accuracy search)", ["model", "accuracy", "weight"], fits.map((fit) => [fit.model, pct(fit.correct / fit.samples), fit.weight.toFixed(3)]));
    console.log(`\nHeld-in accuracy of fitWeights' own 5-candidate swarms: ${pct(accuracy.start)} (log-odds) -> ${pct(accuracy.end)} (after the search)`);
    for (const [set, label, byModel] of [["aime2024", "AIME24 (weights held-in)", aime], ["math500", "MATH500 (weights fitted on AIME24)", math]] as const) {
        const { problems, draw } = mixedProblems(byModel);
        const rows: string[][] = [];
        for (const k of [3, 5, 8, 16]) {
            const plain = measure(problems, k, ["majority", "answer"], `mixed/${label}`, undefined, draw);
            const weighted = measure(problems, k, ["answer"], `mixed/${label}`, weights, draw);
            const best = Math.max(...[...byModel].map(([model, own]) => answerAccuracy.get(`${set}/${model}/${k}`) ?? measure(own, k, ["answer"], `${set}/${model}`).accuracy.get("answer")!));
            const [w, u] = [weighted.accuracy.get("answer")!, plain.accuracy.get("answer")!];
            if (w <= u) targets.push(`MISSED: weighted <= unweighted on mixed ${label} K=${k}: ${pct(w)} vs ${pct(u)}`);
            rows.push([String(k), pct(single(problems)), pct(plain.accuracy.get("majority")!), pct(u), pct(w), pct(best), pct(plain.oracle)]);
        }
        table(`Mixed models, ${label}`, ["K", "random single", "majority", "answer unweighted", "answer weighted", "best single model (answer, same K)", "oracle"], rows);
    }
}

function adaptive(set: string, byModel: Map<string, Problem[]>): void {
    const rows: string[][] = [];
    for (const [model, problems] of byModel) {
        const full = measure(problems, Infinity, ["answer"], `${set}/${model}`).accuracy.get("answer")!;
        const results = [0.95, 0.99].map((stopAt) => {
            const hits: number[] = [];
            const used: number[] = [];
            problems.forEach((problem, number) => {
                const next = mulberry32(seedOf("adaptive", set, model, number));
                const problemHits: number[] = [];
                for (let round = 0; round < subsets; round++) {
                    const order = sample(problem.candidates.length, problem.candidates.length, next);
                    const vote = new AdaptiveVote({ strategy: "answer", stopAt });
                    for (const index of order) if (vote.add(problem.candidates[index]!)) break;
                    const decision = vote.decision();
                    problemHits.push(problem.correct[order[decision.winner]!] ? 1 : 0);
                    used.push(decision.used / problem.candidates.length);
                }
                hits.push(mean(problemHits));
            });
            return { accuracy: mean(hits), used: mean(used) };
        });
        const [default95] = results;
        if (Math.abs(default95!.accuracy - full) > 0.005 || default95!.used > 0.4)
            targets.push(`MISSED: adaptive (0.95) on ${set}/${model}: ${pct(default95!.accuracy)} vs full ${pct(full)} using ${pct(default95!.used)}% of samples`);
        rows.push([model, String(problems[0]!.candidates.length), pct(full), ...results.flatMap((result) => [pct(result.accuracy), `${pct(result.used)}%`])]);
    }
    table(`Adaptive stopping (answer strategy, Beta rule), ${set}, ${subsets} random orders`, ["model", "samples", "full vote", "adaptive 0.95", "samples used", "adaptive 0.99", "samples used"], rows);
}

function humaneval(): void {
    const samples = readJsonl<{ samples: string[] }>(path.join(dataDir, "humaneval", "codegen16B_samples.jsonl"));
    const labels = readJsonl<{ passed: boolean[] }>(path.join(dataDir, "humaneval", "labels.jsonl"));
    const problems: Problem[] = samples.map((row, number) => ({ gold: "", candidates: row.samples.map((text) => ({ text })), correct: labels[number]!.passed }));
    const strategies: RequestedStrategy[] = ["similarity", "majority", "quality", "auto"];
    const rows: string[][] = [];
    for (const k of [5, 10, 20]) {
        const { accuracy, oracle } = measure(problems, k, strategies, "humaneval");
        const base = single(problems);
        if (accuracy.get("similarity")! <= base) targets.push(`MISSED: similarity <= random on HumanEval K=${k}`);
        rows.push([String(k), pct(base), ...strategies.map((strategy) => pct(accuracy.get(strategy)!)), pct(oracle)]);
    }
    table(`HumanEval, CodeGen-16B, ${problems.length} problems: pass rate of the picked completion`, ["K", "random pick", ...strategies, "oracle (any passes)"], rows);
}

const started = performance.now();
console.log(`Consensus benchmark: ${subsets} seeded subsets per K and problem; data ${path.basename(dataDir)}/`);
const aime = only.has("aime") || only.has("mixed") || only.has("adaptive") ? perModelIf("aime", "aime2024", "AIME24") : new Map<string, Problem[]>();
const math = only.has("math") || only.has("mixed") || only.has("adaptive") ? perModelIf("math", "math500", "MATH500") : new Map<string, Problem[]>();
if (only.has("mixed")) mixed(aime, math);
if (only.has("adaptive")) {
    adaptive("aime2024", aime);
    adaptive("math500", math);
}
if (only.has("humaneval")) humaneval();
console.log(`\n### Targets\n\n${targets.length === 0 ? "All targets met." : targets.map((line) => `- ${line}`).join("\n")}`);
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);

/** Loads a set; prints its per-model tables only when that part was asked for. */
function perModelIf(part: string, set: "aime2024" | "math500", label: string): Map<string, Problem[]> {
    return only.has(part) ? perModel(set, label) : loadSet(dataDir, set);
}
