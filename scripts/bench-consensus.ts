#!/usr/bin/env bun
/**
 * Measures the consensus engine on real candidate sets (see ../shared/consensus/README.md):
 *   bun scripts/bench-consensus.ts [data dir] [--subsets N] [--only aime,math,mixed,adaptive,humaneval,execution]
 * Prints markdown tables. Every number is the accuracy (%) of the candidate a strategy picks,
 * averaged over N seeded random subsets of K candidates per problem (default 200). A pick is
 * correct when its extracted, normalised answer equals the normalised gold answer.
 * `execution` runs model-written Python in the bubblewrap sandbox (see humanevalExecution).
 */
import fs from "node:fs";
import path from "node:path";
import { AdaptiveVote, decide, fitWeights, mulberry32, type Candidate, type ExecutionReport, type ModelWeights, type RequestedStrategy } from "../src/consensus/index.ts";
import { createCodeRunner } from "../src/execution/index.ts";
import { benchArguments, loadSet, readJsonl, sample, seedOf, type Problem } from "./bench/consensusData.ts";

const args = process.argv.slice(2);
const { flag, dataDir } = benchArguments(args);
const subsets = Number(flag("subsets") ?? 200);
const only = new Set((flag("only") ?? "aime,math,mixed,adaptive,humaneval,execution").split(","));
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

/**
 * The tests CodeGen-16B wrote for one problem (CodeT's release): each sample continues "assert ", so
 * it is split at every line that starts a new `assert`; a statement ends at its first blank line,
 * and its continuation lines are joined. Kept: distinct statements that name the function under
 * test. Whether each parses is left to the runner, which drops those that do not.
 */
function generatedTests(row: { samples: string[] }, entryPoint: string): string[] {
    const tests = new Set<string>();
    for (const sample of row.samples)
        for (const chunk of `assert ${sample}`.split(/\n(?=assert\b)/)) {
            const statement = chunk.split("\n\n")[0]!.split("\n").map((line) => line.trim()).join(" ").trim();
            if (statement.includes(entryPoint)) tests.add(statement);
        }
    return [...tests];
}

/**
 * `execution` on HumanEval: each problem's 100 programs (prompt + completion) run once, in the
 * sandbox, against the problem's generated tests; the pass matrix is cached per problem and every
 * seeded subset of K candidates is decided from its rows (the same subsets as the other rows). A
 * run is allowed --execute-timeout s (default 10) and each test --test-timeout s (default 1), the
 * settings' defaults. `--matrix-cache FILE` keeps the pass matrices in FILE (written after the
 * runs, read instead of running when it exists), so the strategy can be re-measured without running
 * 16,000 programs again. Then K=10 decisions are timed for real, programs run afresh, no cache.
 */
async function humanevalExecution(): Promise<void> {
    const samples = readJsonl<{ prompt: string; samples: string[] }>(path.join(dataDir, "humaneval", "codegen16B_samples.jsonl"));
    const labels = readJsonl<{ passed: boolean[] }>(path.join(dataDir, "humaneval", "labels.jsonl"));
    const testRows = new Map(readJsonl<{ prompt: string; samples: string[] }>(path.join(dataDir, "humaneval", "codegen16B_tests.jsonl"))
        .map((row) => [/# check the correctness of (\w+)/.exec(row.prompt)![1]!, row]));
    const code = await createCodeRunner({
        executeCode: true,
        executeTimeout: Number(flag("execute-timeout") ?? 10),
        executeTestTimeout: Number(flag("test-timeout") ?? 1),
        executeMemory: 512
    });
    const runner = code.runner!;
    if (runner.refusal != null) throw new Error(runner.refusal);
    const limit = Number(flag("problems") ?? samples.length);
    const problems = samples.slice(0, limit).map((row, number) => {
        const entryPoint = [...row.prompt.matchAll(/^def (\w+)/gm)].at(-1)![1]!;
        return { row, tests: generatedTests(testRows.get(entryPoint)!, entryPoint), problem: { gold: "", candidates: row.samples.map((text) => ({ text })), correct: labels[number]!.passed } };
    });
    const matrixStarted = performance.now();
    const cacheFile = flag("matrix-cache");
    const cached = cacheFile != null && fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, "utf8")) as ExecutionReport[] : undefined;
    const reports: ExecutionReport[] = cached?.slice(0, problems.length) ?? [];
    let processes = 0;
    for (const { row, tests } of cached == null ? problems : []) {
        const programs = row.samples.map((sample) => row.prompt + sample);
        processes += new Set(programs).size;
        const report = await runner.run({ programs, tests, language: "python" });
        if ("skipped" in report) throw new Error(report.skipped);
        reports.push(report);
    }
    if (cacheFile != null && cached == null) fs.writeFileSync(cacheFile, JSON.stringify(reports));
    const matrixSeconds = (performance.now() - matrixStarted) / 1000;
    const keptTests = mean(reports.map((report) => report.tests.length));
    const rows: string[][] = [];
    for (const k of [5, 10, 20]) {
        const hits: number[] = [];
        const similarity: number[] = [];
        problems.forEach(({ problem }, number) => {
            const next = mulberry32(seedOf("humaneval", k, number));
            const problemHits: number[] = [];
            const problemSimilarity: number[] = [];
            for (let round = 0; round < subsets; round++) {
                const picked = sample(problem.candidates.length, k, next);
                const candidates = picked.map((index) => problem.candidates[index]!);
                const report = reports[number]!;
                const execution = { ...report, runs: picked.map((index) => report.runs[index]!) };
                problemHits.push(problem.correct[picked[decide(candidates, { strategy: "execution", execution }).winner]!] ? 1 : 0);
                problemSimilarity.push(problem.correct[picked[decide(candidates, { strategy: "similarity" }).winner]!] ? 1 : 0);
            }
            hits.push(mean(problemHits));
            similarity.push(mean(problemSimilarity));
        });
        const [exec, sim] = [mean(hits), mean(similarity)];
        if (exec <= sim) targets.push(`MISSED: execution <= similarity on HumanEval K=${k}`);
        if (k === 10 && exec < 0.35) targets.push(`MISSED: execution < 35 % on HumanEval K=10 (${pct(exec)} %)`);
        rows.push([String(k), pct(single(problems.map(({ problem }) => problem))), pct(sim), pct(exec)]);
    }
    table(`HumanEval, CodeGen-16B, ${problems.length} problems: execution (CodeT dual agreement) on CodeGen-16B's own tests`, ["K", "random pick", "similarity", "execution"], rows);
    const dropped = mean(reports.map((report) => report.dropped)).toFixed(1);
    console.log(cached != null
        ? `\nPass matrices read from ${cacheFile} (${keptTests.toFixed(1)} parsed tests a problem on average, ${dropped} dropped as unparsable).`
        : `\nPass matrix: ${processes} sandboxed runs (distinct programs) against ${keptTests.toFixed(1)} parsed tests a problem on average `
            + `(${dropped} dropped as unparsable), ${matrixSeconds.toFixed(0)} s wall, ${(1000 * matrixSeconds / Math.max(1, processes)).toFixed(0)} ms a run.`);
    const timed = problems.slice(0, Math.min(16, problems.length));
    const decisionStarted = performance.now();
    for (const [number, { row, tests, problem }] of timed.entries()) {
        const picked = sample(problem.candidates.length, 10, mulberry32(seedOf("timing", number)));
        const report = await runner.run({ programs: picked.map((index) => row.prompt + row.samples[index]!), tests, language: "python" });
        decide(picked.map((index) => problem.candidates[index]!), { strategy: "execution", execution: report });
    }
    console.log(`Time per decision, K=10, run for real (no cache), mean of ${timed.length}: ${((performance.now() - decisionStarted) / 1000 / timed.length).toFixed(2)} s`);
    code.dispose();
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
if (only.has("execution")) await humanevalExecution();
console.log(`\n### Targets\n\n${targets.length === 0 ? "All targets met." : targets.map((line) => `- ${line}`).join("\n")}`);
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);

/** Loads a set; prints its per-model tables only when that part was asked for. */
function perModelIf(part: string, set: "aime2024" | "math500", label: string): Map<string, Problem[]> {
    return only.has(part) ? perModel(set, label) : loadSet(dataDir, set);
}
