import { rssOf, spawnServer } from "./spawnServer.ts";

export interface LoadOptions {
    readonly model: string;
    /** Concurrent streaming clients. */
    readonly clients: number;
    readonly durationS: number;
    /** Stop launching requests after this many, whatever the time. */
    readonly maxRequests: number;
    readonly workers: number;
    readonly threads: number;
    readonly queueSize: number;
    readonly maxTokens: number;
    /** After the duration, requests still running get this long before they are aborted. */
    readonly graceS: number;
}

export interface Distribution {
    readonly count: number;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
}

export interface LoadReport {
    readonly options: LoadOptions;
    readonly seconds: number;
    readonly requests: number;
    /** Complete streams ending in `[DONE]` without an error event. */
    readonly ok: number;
    readonly rejected429: number;
    readonly serverErrors: number;
    /** 200s whose stream carried an error event (the engine or the deadline failed them). */
    readonly streamErrors: number;
    readonly otherStatus: number;
    readonly networkErrors: number;
    readonly unfinished: number;
    readonly retryAfterMissing: number;
    readonly okLatencyMs: Distribution;
    readonly rejectLatencyMs: Distribution;
    readonly healthLatencyMs: Distribution;
    readonly healthFailures: number;
    readonly rss: { readonly start: number; readonly warm: number; readonly end: number; readonly peak: number; readonly driftPercent: number };
    readonly shutdown: { readonly code: number | null; readonly ms: number };
}

const words = ["dragon", "garden", "little", "boat", "happy", "forest", "cat", "rain", "friend", "ball", "sun", "tree"];

/**
 * A bounded load test against the real server on loopback: `clients` streaming clients send chat
 * completions for `durationS` seconds (at most `maxRequests` in all), backing off briefly on 429;
 * meanwhile `/health` is polled and the server's RSS sampled. Then the server gets SIGTERM and
 * must exit 0. Stops by itself; the server it starts is always killed.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
    const server = spawnServer([
        "--model", options.model, "--workers", String(options.workers), "--threads", String(options.threads),
        "--queue-size", String(options.queueSize), "--max-tokens", String(options.maxTokens), "--context-size", "512"
    ]);
    try {
        return await drive(options, await server.listening, server.pid, () => server.stop());
    } finally {
        server.kill();
    }
}

async function drive(options: LoadOptions, url: string, pid: number, stop: () => Promise<{ code: number | null; ms: number }>): Promise<LoadReport> {
    const okLatency: number[] = [];
    const rejectLatency: number[] = [];
    const healthLatency: number[] = [];
    const counts = { requests: 0, ok: 0, rejected429: 0, serverErrors: 0, streamErrors: 0, otherStatus: 0, networkErrors: 0, unfinished: 0, retryAfterMissing: 0, healthFailures: 0 };
    const started = performance.now();
    const endAt = started + options.durationS * 1000;
    const abortAll = new AbortController();
    const rss = { start: await rssOf(pid), warm: 0, end: 0, peak: 0 };
    let random = 12345;
    const next = () => ((random = (Math.imul(random, 1103515245) + 12345) >>> 0) / 2 ** 32);

    const client = async () => {
        while (performance.now() < endAt && counts.requests < options.maxRequests) {
            counts.requests++;
            const prompt = `Once upon a time, a ${words[Math.floor(next() * words.length)]} and a ${words[Math.floor(next() * words.length)]}`;
            const sent = performance.now();
            try {
                const response = await fetch(`${url}/v1/chat/completions`, {
                    method: "POST",
                    headers: { "content-type": "application/json" },
                    body: JSON.stringify({ messages: [{ role: "user", content: prompt }], max_tokens: options.maxTokens, stream: true }),
                    signal: abortAll.signal
                });
                if (response.status === 429) {
                    rejectLatency.push(performance.now() - sent);
                    if (response.headers.get("retry-after") == null) counts.retryAfterMissing++;
                    await response.body?.cancel();
                    counts.rejected429++;
                    await Bun.sleep(250 + next() * 500);
                    continue;
                }
                const text = await response.text();
                if (response.status >= 500) counts.serverErrors++;
                else if (response.status !== 200) counts.otherStatus++;
                else if (text.includes("data: {\"error\"") || !text.trimEnd().endsWith("data: [DONE]")) counts.streamErrors++;
                else {
                    counts.ok++;
                    okLatency.push(performance.now() - sent);
                }
            } catch {
                if (abortAll.signal.aborted) counts.unfinished++;
                else counts.networkErrors++;
            }
        }
    };

    const health = async () => {
        while (performance.now() < endAt) {
            const sent = performance.now();
            try {
                const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
                await response.arrayBuffer();
                if (response.status === 200) healthLatency.push(performance.now() - sent);
                else counts.healthFailures++;
            } catch {
                counts.healthFailures++;
            }
            await Bun.sleep(100);
        }
    };

    const sampler = setInterval(async () => {
        const now = await rssOf(pid);
        rss.peak = Math.max(rss.peak, now);
        // The warm baseline: once a tenth of the run is over, caches and buffers are in place.
        if (rss.warm === 0 && performance.now() - started >= options.durationS * 100) rss.warm = now;
    }, 500);
    const clients = Array.from({ length: options.clients }, client);
    const healthLoop = health();
    await healthLoop;
    const grace = setTimeout(() => abortAll.abort(), options.graceS * 1000);
    await Promise.all(clients);
    clearTimeout(grace);
    clearInterval(sampler);
    rss.end = await rssOf(pid);
    rss.peak = Math.max(rss.peak, rss.end);
    if (rss.warm === 0) rss.warm = rss.start;
    const seconds = (performance.now() - started) / 1000;
    const shutdown = await stop();
    return {
        options,
        seconds,
        ...counts,
        okLatencyMs: distribution(okLatency),
        rejectLatencyMs: distribution(rejectLatency),
        healthLatencyMs: distribution(healthLatency),
        rss: { ...rss, driftPercent: ((rss.end - rss.warm) / rss.warm) * 100 },
        shutdown
    };
}

function distribution(values: number[]): Distribution {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
    return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}
