// A bounded load test on loopback: N streaming clients against the real server for a duration.
// Usage: bun scripts/load.ts --model FILE [--clients 64] [--duration 150] [--max-requests 100000]
//        [--workers 3] [--threads 1] [--queue-size 16] [--max-tokens 32] [--grace 30]
import { parseArgs } from "node:util";
import { printTable } from "./bench/table.ts";
import { runLoad, type Distribution } from "./load/runLoad.ts";

const { values } = parseArgs({
    options: {
        model: { type: "string" },
        clients: { type: "string", default: "64" },
        duration: { type: "string", default: "150" },
        "max-requests": { type: "string", default: "100000" },
        workers: { type: "string", default: "3" },
        threads: { type: "string", default: "1" },
        "queue-size": { type: "string", default: "16" },
        "max-tokens": { type: "string", default: "32" },
        grace: { type: "string", default: "30" }
    }
});

const bounded = (name: string, value: string | undefined, min: number, max: number): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
        console.error(`--${name} must be a whole number from ${min} to ${max}`);
        process.exit(2);
    }
    return number;
};
if (values.model == null) {
    console.error("--model FILE is required (the test model is enough)");
    process.exit(2);
}

const report = await runLoad({
    model: values.model,
    clients: bounded("clients", values.clients, 1, 1024),
    durationS: bounded("duration", values.duration, 1, 3600),
    maxRequests: bounded("max-requests", values["max-requests"], 1, 10_000_000),
    workers: bounded("workers", values.workers, 1, 64),
    threads: bounded("threads", values.threads, 1, 256),
    queueSize: bounded("queue-size", values["queue-size"], 0, 10_000),
    maxTokens: bounded("max-tokens", values["max-tokens"], 1, 4096),
    graceS: bounded("grace", values.grace, 1, 600)
});

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "–");
const dist = (d: Distribution) => `p50 ${ms(d.p50)}, p99 ${ms(d.p99)}, max ${ms(d.max)} (n=${d.count})`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const o = report.options;
console.log(`load: ${o.clients} streaming clients, ${o.durationS} s, ${o.workers} workers, queue ${o.queueSize}, max_tokens ${o.maxTokens}, ran ${report.seconds.toFixed(1)} s\n`);
printTable(["figure", "value"], [
    ["requests sent", String(report.requests)],
    ["2xx complete streams", `${report.ok} (${(report.ok / report.seconds).toFixed(2)}/s)`],
    ["429 (queue full)", String(report.rejected429)],
    ["429 without Retry-After", String(report.retryAfterMissing)],
    ["5xx", String(report.serverErrors)],
    ["errors inside a 200 stream", String(report.streamErrors)],
    ["other statuses", String(report.otherStatus)],
    ["network errors", String(report.networkErrors)],
    ["aborted at the end (unfinished)", String(report.unfinished)],
    ["2xx latency (whole stream)", dist(report.okLatencyMs)],
    ["429 latency", dist(report.rejectLatencyMs)],
    ["/health latency under load", dist(report.healthLatencyMs)],
    ["/health failures", String(report.healthFailures)],
    ["RSS start / warm / end / peak", `${mib(report.rss.start)} / ${mib(report.rss.warm)} / ${mib(report.rss.end)} / ${mib(report.rss.peak)}`],
    ["RSS drift (end vs warm)", `${report.rss.driftPercent.toFixed(1)} %`],
    ["SIGTERM → exit", `code ${report.shutdown.code} in ${report.shutdown.ms} ms`]
]);
const failed = report.serverErrors > 0 || report.streamErrors > 0 || report.networkErrors > 0 || report.shutdown.code !== 0;
process.exit(failed ? 1 : 0);
