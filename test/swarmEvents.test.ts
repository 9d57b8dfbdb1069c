import { afterAll, beforeAll, expect, test } from "bun:test";
import { readEvents, type ServerEvent } from "../src/dashboard/client/readEvents.ts";
import type { DashboardMessage, RequestView, StatusView } from "../src/dashboard/index.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

const apiKey = "events-test-key";
let server: TestServer;
let stopped = false;

beforeAll(async () => {
    server = await startTestServer({ apiKey, workers: 3, maxTokens: 24 });
});

afterAll(async () => {
    if (!stopped) await server.dispose();
});

interface Feed {
    next(): Promise<DashboardMessage>;
    close(): void;
}

async function openFeed(): Promise<Feed> {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/v1/swarm/events`, { headers: { authorization: `Bearer ${apiKey}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toStartWith("text/event-stream");
    const events: AsyncGenerator<ServerEvent> = readEvents(response.body!);
    return {
        async next() {
            const { value, done } = await events.next();
            if (done === true) throw new Error("the feed ended");
            const message = JSON.parse(value.data) as DashboardMessage;
            expect(message.type).toBe(value.event as DashboardMessage["type"]);
            return message;
        },
        close: () => controller.abort()
    };
}

async function nextOfType<T extends DashboardMessage["type"]>(feed: Feed, type: T, until: (message: Extract<DashboardMessage, { type: T }>) => boolean = () => true): Promise<Extract<DashboardMessage, { type: T }>> {
    for (;;) {
        const message = await feed.next();
        if (message.type === type && until(message as Extract<DashboardMessage, { type: T }>)) return message as Extract<DashboardMessage, { type: T }>;
    }
}

test("the event feed needs the API key; the page itself does not", async () => {
    const bare = await fetch(`${server.url}/v1/swarm/events`);
    expect(bare.status).toBe(401);
    expect((await bare.json() as { error: { type: string } }).error.type).toBe("authentication_error");
    const wrong = await fetch(`${server.url}/v1/swarm/events`, { headers: { authorization: "Bearer wrong" } });
    expect(wrong.status).toBe(401);
    await wrong.body?.cancel();

    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).toContain("<title>local-swarm</title>");
    expect(html).not.toContain("/* client script */");
    expect(html).not.toContain(apiKey);
});

// First of the feeds: no earlier page is still disconnecting, so the counts are exact.
test("a page that goes away is unsubscribed: the others see the viewer count drop", async () => {
    const first = await openFeed();
    await nextOfType(first, "snapshot");
    const second = await openFeed();
    expect((await nextOfType(second, "snapshot")).status.viewers).toBe(2);
    expect((await nextOfType(first, "status")).status.viewers).toBe(2);
    first.close();
    const after = await nextOfType(second, "status", (message) => message.status.viewers === 1);
    expect(after.status.viewers).toBe(1);
    second.close();
});

test("a live feed shows the request start, the workers' text as they write, each finish, then the vote", async () => {
    const feed = await openFeed();
    const snapshot = await nextOfType(feed, "snapshot");
    expect(snapshot.machine.model).toBe("stories260K");
    expect(snapshot.machine.backend).toBe("cpu");
    expect(snapshot.status.workers.map((worker) => worker.id)).toEqual(["w0", "w1", "w2"]);

    const answered = server.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 24, seed: 5 });
    const started = await nextOfType(feed, "request");
    expect(started.request.state).toBe("running");
    expect(started.request.prompt).toBe("Once upon a time");
    const busy = await nextOfType(feed, "status");
    expect(busy.status.workers.every((worker) => worker.busy)).toBe(true);

    const written = new Map<string, string>();
    let decided: RequestView | undefined;
    let idle: StatusView | undefined;
    while (decided == null || idle == null) {
        const message = await feed.next();
        if (message.type === "text") {
            expect(message.id).toBe(started.request.id);
            for (const [worker, text] of Object.entries(message.text)) written.set(worker, (written.get(worker) ?? "") + text);
        }
        if (message.type === "request" && message.request.state === "decided") decided = message.request;
        if (message.type === "status" && decided != null) idle = message.status;
    }
    const completion = await answered;
    const swarm = (completion as unknown as { swarm: { winner: string; agreement: number; strategy: string } }).swarm;
    expect(decided.id).toBe(started.request.id);
    expect(decided.decision!.winner).toBe(swarm.winner);
    expect(decided.decision!.agreement).toBe(swarm.agreement);
    expect(decided.decision!.strategy).toBe(swarm.strategy);
    expect(decided.candidates).toHaveLength(3);
    for (const candidate of decided.candidates) {
        expect(written.get(candidate.worker)).toBe(candidate.text);
        expect(candidate.tokens).toBe(24);
        expect(candidate.tokensPerSecond).toBeGreaterThan(0);
        expect(candidate.score).not.toBeNull();
    }
    expect(decided.candidates.find((candidate) => candidate.worker === swarm.winner)!.text).toBe(completion.choices[0]!.message.content!);
    expect(idle.workers.every((worker) => !worker.busy && worker.tokensPerSecond != null)).toBe(true);
    feed.close();
});

test("a page opened later finds the last requests in its snapshot", async () => {
    await server.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "The dog" }], max_tokens: 8 });
    const feed = await openFeed();
    const { history } = await nextOfType(feed, "snapshot");
    const last = history.at(-1)!;
    expect(last.prompt).toBe("The dog");
    expect(last.state).toBe("decided");
    expect(last.candidates).toHaveLength(3);
    expect(last.decision!.winner).toMatch(/^w[0-2]$/);
    feed.close();
});

test("a request whose client goes away ends in the history as failed, with the reason", async () => {
    const feed = await openFeed();
    await nextOfType(feed, "snapshot");
    const client = new AbortController();
    const request = fetch(`${server.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ role: "user", content: "A long story" }], max_tokens: 900 }),
        signal: client.signal
    }).catch(() => undefined);
    const started = await nextOfType(feed, "request");
    client.abort();
    await request;
    const failed = await nextOfType(feed, "request", (message) => message.request.state !== "running");
    expect(failed.request.id).toBe(started.request.id);
    expect(failed.request.state).toBe("failed");
    expect(failed.request.error).toContain("went away");
    expect((await nextOfType(feed, "status")).status.workers.every((worker) => !worker.busy)).toBe(true);
    feed.close();
});

test("shutting down ends the open feeds instead of waiting for them", async () => {
    const feed = await openFeed();
    await nextOfType(feed, "snapshot");
    stopped = true;
    const stopping = server.dispose();
    await expect(nextOfType(feed, "snapshot")).rejects.toThrow("the feed ended");
    await stopping;
});
