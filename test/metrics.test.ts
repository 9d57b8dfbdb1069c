import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { startTestServer, type TestServer } from "./support/testServer.ts";

let server: TestServer;
const key = "metrics-test-key";
const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };

beforeAll(async () => {
    server = await startTestServer({ apiKey: key, queueSize: 0 });
});

afterAll(async () => {
    await server.dispose();
});

async function scrape(): Promise<PrometheusFamily[]> {
    const response = await fetch(`${server.url}/metrics`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toStartWith("text/plain");
    return parsePrometheusTextFormat(await response.text());
}

function family(families: readonly PrometheusFamily[], name: string): PrometheusFamily {
    const found = families.find((one) => one.name === name);
    if (found == null) throw new Error(`no metric ${name}`);
    return found;
}

function value(families: readonly PrometheusFamily[], name: string, labels: Record<string, string> = {}): number {
    const sample = family(families, name).metrics.find((one) => Object.entries(labels).every(([label, wanted]) => one.labels?.[label] === wanted));
    return Number(sample?.value ?? 0);
}

const post = (path: string, body: unknown, extra: Record<string, string> = headers) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: extra, body: JSON.stringify(body) });

describe("/metrics in Prometheus text format", () => {
    test("its counters match the requests this test made", async () => {
        const before = await scrape();
        const requestsBefore = value(before, "local_swarm_requests_total", { outcome: "decided" });

        // Every worker's generated tokens, as each answer's `swarm` extension reports them.
        let workerTokens = 0;
        const countTokens = (swarm: { candidates: { tokens: number }[] }) => {
            workerTokens += swarm.candidates.reduce((sum, candidate) => sum + candidate.tokens, 0);
        };
        const first = await post("/v1/completions", { prompt: "Once upon a time", max_tokens: 6 });
        expect(first.status).toBe(200);
        countTokens(((await first.json()) as { swarm: { candidates: { tokens: number }[] } }).swarm);
        const chat = await post("/v1/chat/completions", { messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 5, stream: true });
        expect(chat.status).toBe(200);
        const events = (await chat.text()).split("\n\n").filter((event) => event.startsWith("data: {")).map((event) => JSON.parse(event.slice(6)) as { swarm?: { candidates: { tokens: number }[] } });
        countTokens(events.find((event) => event.swarm != null)!.swarm!);
        expect((await post("/v1/completions", { prompt: "Once", logprobs: 1 })).status).toBe(400);
        expect((await post("/v1/completions", { prompt: "Once" }, { "content-type": "application/json" })).status).toBe(401);
        // The queue holds nothing: while one request runs, the next is refused.
        const running = post("/v1/completions", { prompt: "Once upon a time", max_tokens: 200 });
        await Bun.sleep(30);
        const refused = await post("/v1/completions", { prompt: "Once upon a time", max_tokens: 4 });
        expect(refused.status).toBe(429);
        // A stream is refused before it starts, in its own API's shape.
        const refusedStream = await post("/api/chat", { model: "stories260K", messages: [{ role: "user", content: "Once" }], stream: true });
        expect(refusedStream.status).toBe(429);
        expect(refusedStream.headers.get("retry-after")).not.toBeNull();
        expect(typeof ((await refusedStream.json()) as { error: unknown }).error).toBe("string");
        const long = await running;
        expect(long.status).toBe(200);
        countTokens(((await long.json()) as { swarm: { candidates: { tokens: number }[] } }).swarm);

        const after = await scrape();
        expect(family(after, "local_swarm_http_requests_total").type).toBe("COUNTER");
        const http = (route: string, status: string) => value(after, "local_swarm_http_requests_total", { method: "POST", route, status }) - value(before, "local_swarm_http_requests_total", { method: "POST", route, status });
        expect(http("/v1/completions", "200")).toBe(2);
        expect(http("/v1/chat/completions", "200")).toBe(1);
        expect(http("/v1/completions", "400")).toBe(1);
        expect(http("/v1/completions", "429")).toBe(1);
        expect(http("/api/chat", "429")).toBe(1);
        expect(value(after, "local_swarm_overloaded_total") - value(before, "local_swarm_overloaded_total")).toBe(2);
        expect(value(after, "local_swarm_requests_total", { outcome: "decided" }) - requestsBefore).toBe(3);
        const generated = (families: readonly PrometheusFamily[]) => family(families, "local_swarm_generated_tokens_total").metrics.reduce((sum, sample) => sum + Number(sample.value), 0);
        expect(generated(after) - generated(before)).toBe(workerTokens);
        expect(workerTokens).toBeGreaterThan(3 * 11);
        expect(value(after, "local_swarm_prompt_tokens_total")).toBeGreaterThan(value(before, "local_swarm_prompt_tokens_total"));
        const histogram = (name: string) => family(after, name).metrics[0]!;
        expect(family(after, "local_swarm_vote_agreement").type).toBe("HISTOGRAM");
        expect(Number(histogram("local_swarm_vote_agreement").count)).toBe(value(after, "local_swarm_requests_total", { outcome: "decided" }));
        expect(Number(histogram("local_swarm_vote_confidence").count)).toBe(value(after, "local_swarm_requests_total", { outcome: "decided" }));
        expect(Number(histogram("local_swarm_time_to_first_token_seconds").count)).toBeGreaterThanOrEqual(3);
        expect(family(after, "local_swarm_worker_busy_seconds_total").metrics).toHaveLength(3);
        expect(value(after, "local_swarm_queue_depth")).toBe(0);
        expect(value(after, "local_swarm_workers_busy")).toBe(0);
    });

    test("needs the API key", async () => {
        const response = await fetch(`${server.url}/metrics`);
        expect(response.status).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
    });
});

test("metrics-public opens /metrics, and only /metrics, to this machine", async () => {
    const open = await startTestServer({ apiKey: key, metricsPublic: true, workers: 1 });
    try {
        expect((await fetch(`${open.url}/metrics`)).status).toBe(200);
        expect((await fetch(`${open.url}/v1/models`)).status).toBe(401);
    } finally {
        await open.dispose();
    }
});
