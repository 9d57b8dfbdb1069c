import os from "node:os";
import path from "node:path";
import { LlamaEngine } from "../../src/swarm/index.ts";
import { testModelPath } from "../../test/support/testModel.ts";
import { startServeChild } from "./startServeChild.ts";
import { median, printTable } from "./table.ts";

export interface SwarmBenchOptions {
    readonly tokens: number;
    readonly workers: number;
    readonly threads: number;
    readonly runs: number;
}

const messages = [{ role: "user" as const, content: "Once upon a time" }];

/**
 * Issue 2's figures: one sequence, N batched sequences, N sequential generations, and one HTTP
 * request to an N-worker swarm — all on the test model with the same thread count — plus peak RSS
 * of a whole serving process with 1 and N workers (each measured in its own child process).
 */
export async function benchSwarm(options: SwarmBenchOptions): Promise<void> {
    const { tokens, workers: n, threads, runs } = options;
    const modelPath = await testModelPath();
    console.log(`## Swarm vs engine: ${path.basename(modelPath)}, T=${tokens} tokens, N=${n}, ${threads} thread(s), median of ${runs} runs, ${os.cpus().length} CPUs\n`);

    const generate = (engine: LlamaEngine, slot: number, seed: number) =>
        engine.generate(slot, messages, { maxTokens: tokens, temperature: 0.8, seed, stop: [], signal: new AbortController().signal });

    const single = await LlamaEngine.load({ modelPath, slots: 1, threads, contextSize: 1024 });
    const batched = await LlamaEngine.load({ modelPath, slots: n, threads, contextSize: 1024 });
    const timings = { single: [] as number[], batched: [] as number[], sequential: [] as number[], http: [] as number[] };
    const produced = { single: 0, batched: 0, sequential: 0, http: 0 };
    await generate(single, 0, 1);
    for (let run = 0; run < runs; run++) {
        let started = performance.now();
        produced.single = (await generate(single, 0, run)).tokens;
        timings.single.push(performance.now() - started);

        started = performance.now();
        produced.batched = (await Promise.all(Array.from({ length: n }, (_, slot) => generate(batched, slot, run + slot)))).reduce((sum, g) => sum + g.tokens, 0);
        timings.batched.push(performance.now() - started);

        started = performance.now();
        let total = 0;
        for (let index = 0; index < n; index++) total += (await generate(single, 0, run + index)).tokens;
        produced.sequential = total;
        timings.sequential.push(performance.now() - started);
    }
    await single.dispose();
    await batched.dispose();

    const server = await startServeChild(modelPath, n, threads);
    const { url } = server;
    const request = async (seed: number) => {
        const response = await fetch(`${url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ messages, max_tokens: tokens, temperature: 0.8, seed })
        });
        const body = await response.json() as { swarm: { candidates: { tokens: number }[] } };
        return body.swarm.candidates.reduce((sum, candidate) => sum + candidate.tokens, 0);
    };
    await request(1);
    for (let run = 0; run < runs; run++) {
        const started = performance.now();
        produced.http = await request(run);
        timings.http.push(performance.now() - started);
    }
    await server.stop();

    const row = (name: string, key: keyof typeof timings) => {
        const ms = median(timings[key]);
        return [name, String(produced[key]), ms.toFixed(1), (produced[key] / (ms / 1000)).toFixed(0)];
    };
    printTable(["measurement", "tokens", "ms", "tokens/s"], [
        row("engine, 1 sequence", "single"),
        row(`engine, ${n} batched sequences`, "batched"),
        row(`${n} sequential generations`, "sequential"),
        row(`HTTP request, ${n}-worker swarm`, "http")
    ]);
    const swarmVsBatched = median(timings.http) / median(timings.batched);
    const swarmVsSequential = median(timings.http) / median(timings.sequential);
    console.log("");

    const rss1 = await peakRss(modelPath, 1, threads, tokens);
    const rssN = await peakRss(modelPath, n, threads, tokens);
    printTable(["ratio", "value", "target"], [
        ["swarm request / engine batched", swarmVsBatched.toFixed(2), "≤ 1.15"],
        ["swarm request / N sequential", swarmVsSequential.toFixed(2), "≤ 0.70"],
        [`peak RSS, 1 worker`, `${(rss1 / 2 ** 20).toFixed(1)} MiB`, ""],
        [`peak RSS, ${n} workers`, `${(rssN / 2 ** 20).toFixed(1)} MiB`, ""],
        [`RSS(N=${n}) / RSS(N=1)`, (rssN / rss1).toFixed(2), "≤ 1.30"]
    ]);
    console.log("");
}

/** Peak RSS of a serving process (model, swarm, HTTP server) after one request. */
async function peakRss(modelPath: string, workers: number, threads: number, tokens: number): Promise<number> {
    const child = await startServeChild(modelPath, workers, threads);
    await fetch(`${child.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messages, max_tokens: tokens, seed: 1 })
    });
    return await child.stop();
}
