// Prints the figures the issues ask for, measured in one run so ratios compare like with like.
// Usage: bun scripts/bench.ts [--tokens T] [--workers N] [--threads K] [--runs R] [--stream-tokens S]
//        [--only swarm|fast|federation|binary]   (repeatable; default: every section)
import { parseArgs } from "node:util";
import { benchBinary } from "./bench/binary.ts";
import { benchFastAnswers } from "./bench/fastAnswers.ts";
import { benchFederation } from "./bench/federation.ts";
import { benchSwarm } from "./bench/swarm.ts";

const { values } = parseArgs({
    options: {
        tokens: { type: "string", default: "128" },
        workers: { type: "string", default: "4" },
        threads: { type: "string", default: "1" },
        runs: { type: "string", default: "3" },
        "stream-tokens": { type: "string", default: "256" },
        only: { type: "string", multiple: true }
    }
});
const sections = values.only ?? ["swarm", "fast", "federation", "binary"];
const common = { tokens: Number(values.tokens), workers: Number(values.workers), threads: Number(values.threads), runs: Number(values.runs) };

if (sections.includes("swarm")) await benchSwarm(common);
if (sections.includes("fast")) await benchFastAnswers({ workers: common.workers, threads: common.threads, streamTokens: Number(values["stream-tokens"]) });
if (sections.includes("federation")) await benchFederation(common);
if (sections.includes("binary")) await benchBinary({ runs: common.runs, threads: common.threads });
