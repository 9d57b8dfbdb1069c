// Prints the figures the issues ask for, measured in one run so ratios compare like with like.
// Usage: bun scripts/bench.ts [--tokens T] [--workers N] [--threads K] [--runs R]
import { parseArgs } from "node:util";
import { benchBinary } from "./bench/binary.ts";
import { benchFederation } from "./bench/federation.ts";
import { benchSwarm } from "./bench/swarm.ts";

const { values } = parseArgs({
    options: {
        tokens: { type: "string", default: "128" },
        workers: { type: "string", default: "4" },
        threads: { type: "string", default: "1" },
        runs: { type: "string", default: "3" }
    }
});

await benchSwarm({
    tokens: Number(values.tokens),
    workers: Number(values.workers),
    threads: Number(values.threads),
    runs: Number(values.runs)
});

await benchFederation({
    tokens: Number(values.tokens),
    workers: Number(values.workers),
    threads: Number(values.threads),
    runs: Number(values.runs)
});

await benchBinary({ runs: Number(values.runs), threads: Number(values.threads) });
