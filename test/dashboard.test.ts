import { afterAll, beforeAll, expect, test } from "bun:test";
import type { RequestView } from "../src/dashboard/index.ts";
import { answerKeyForm, launchBrowser, testOutputPath, type TestBrowser } from "./support/browser.ts";
import { reasoningModel } from "./support/reasoningModel.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

const apiKey = "dashboard-test-key";
let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ apiKey, workers: 3, maxTokens: 32 }), launchBrowser()]);
});

afterAll(async () => {
    await browser?.dispose();
    await server?.dispose();
});

test("the page asks for the key once, then a prompt from the chat box shows every candidate and the winner", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url);

    await answerKeyForm(page, apiKey);
    await page.locator('#connection[data-state="live"]').waitFor();
    expect(await page.locator("#key-form").isVisible()).toBe(false);
    expect(await page.locator("#model").textContent()).toBe("stories260K");
    expect(await page.locator("#workers .worker").count()).toBe(3);
    expect(await page.locator("#machine").textContent()).toContain("cpu");
    // This server does not federate (no peers route): the panel stays hidden.
    expect(await page.locator("#peers-panel").isVisible()).toBe(false);

    await page.fill("#chat-input", "Once upon a time");
    await page.click("#chat-send");
    const card = page.locator('.request[data-state="decided"]').first();
    await card.waitFor({ timeout: 60_000 });
    expect(await card.locator(".prompt").textContent()).toBe("Once upon a time");
    expect(await card.locator(".candidate").count()).toBe(3);
    expect(await card.locator(".candidate.winner").count()).toBe(1);
    const winner = await card.locator(".winner-id").textContent();
    expect(await card.locator(".candidate.winner").getAttribute("data-worker")).toBe(winner);
    expect(await card.locator(".vote").textContent()).toContain("agreement");

    await page.locator("#chat-answer .meta", { hasText: "winner" }).waitFor();
    expect(await page.locator("#chat-answer .meta").textContent()).toContain(`winner ${winner} of 3`);
    const answer = await page.locator("#chat-answer .text").textContent();
    expect(await card.locator(".candidate.winner p").textContent()).toBe(answer);
    expect(await page.locator("#workers .worker.busy").count()).toBe(0);
    await page.screenshot({ path: testOutputPath("dashboard.png"), fullPage: true });

    // The key stays for the tab: a reload connects without asking again.
    await page.reload();
    await page.locator('#connection[data-state="live"]').waitFor();
    expect(await page.locator("#key-form").isVisible()).toBe(false);
    expect(await page.locator('.request[data-state="decided"]').count()).toBeGreaterThanOrEqual(1);
    await page.close();
}, 120_000);

test("on a phone-size screen the candidates stay readable", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await page.evaluate((key) => sessionStorage.setItem("local-swarm.apiKey", key), apiKey);
    await page.reload();
    await page.locator('.request[data-state="decided"]').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const candidate = await page.locator(".request .candidate").first().boundingBox();
    expect(candidate!.width).toBeGreaterThan(250);
    await page.screenshot({ path: testOutputPath("dashboard-phone.png"), fullPage: true });
    await page.close();
}, 60_000);

test("a thinking model's workers show their thinking apart from their answer while they write", async () => {
    const model = await reasoningModel("always");
    const thinking = await startTestServer({ model: model.path, workers: 2, contextSize: 1024, maxTokens: 900 });
    const page = await browser.context.newPage();
    try {
        await page.goto(thinking.url);
        await page.locator('#connection[data-state="live"]').waitFor();
        // No budget: the test model thinks until max_tokens, long enough to watch it.
        const answered = thinking.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 900, seed: 2 });
        const thought = page.locator(".request[data-state='running'] .candidate.writing p .thought").first();
        await thought.waitFor({ timeout: 30_000 });
        await page.waitForFunction(() => (document.querySelector(".candidate.writing p .thought")?.textContent ?? "").length > 20);
        expect(await thought.getAttribute("title")).toBe("thinking");
        await answered;
    } finally {
        await page.close();
        await thinking.dispose();
        model.dispose();
    }
}, 120_000);

test("federation peers are shown when the server reports them", async () => {
    const page = await browser.context.newPage();
    await page.route("**/v1/swarm/peers", (route) => route.fulfill({
        json: {
            enabled: true,
            node: { id: "node-a", model: "stories260K", workers: 3, protocol: 1, port: 8000 },
            discovery: { mdns: "running", problem: null, staticPeers: [] },
            peers: [{
                id: "node-b", url: "http://192.168.1.7:8000", sources: ["mdns"], health: "healthy", model: "stories260K", workers: 2,
                capabilities: [], latencyMs: 12, lastSeen: null, lastError: null,
                metrics: { requests: 3, failures: 0, wins: 1, agreements: 2, meanLatencyMs: 40 },
                trust: { reputation: 0.81, agreements: 41, votes: 50, weight: 1.8, reason: "node node-b agreed with the others on 41 of 50 decided votes → weight 1.80" }
            }],
            ignored: []
        }
    }));
    await page.goto(server.url);
    await page.evaluate((key) => sessionStorage.setItem("local-swarm.apiKey", key), apiKey);
    await page.reload();
    const peer = page.locator("#peers .peer");
    await peer.waitFor();
    const text = await peer.textContent();
    for (const part of ["node-b", "healthy", "2 workers", "12 ms", "agrees 2/3, won 1", "trust 81 %, 41/50 agreed, weight 1.80"]) expect(text).toContain(part);
    expect(await peer.locator(".trust").getAttribute("title")).toContain("41 of 50 decided votes");
    expect(await page.locator("#peers-note").textContent()).toBe("1 peer");
    await page.close();
}, 60_000);

test("a federated request's card shows every node's answer and the global winner", async () => {
    const page = await browser.context.newPage();
    const candidate = { text: "", calls: [], tokens: 4, latencyMs: 200, tokensPerSecond: 20, finishReason: "length", temperature: 0.7, score: 0.5, error: null };
    const request: RequestView = {
        id: 1, startedAt: new Date().toISOString(), prompt: "The little cat", state: "decided",
        candidates: [{ ...candidate, worker: "w0", text: "It sat." }, { ...candidate, worker: "w1", text: "It ran." }],
        decision: { strategy: "similarity", reason: "prose", winner: "w1", agreement: 0.5, confidence: 0.5, abstain: false, tokensPerSecond: 40 },
        error: null, durationMs: 900, segments: [],
        federation: {
            winner: "node-b", strategy: "similarity", reason: "prose", agreement: 0.8, confidence: 0.8,
            nodes: [
                { node: "node-a", self: true, text: "It ran.", workers: 2, score: 0.3, won: false, error: null, latencyMs: 400, weight: 0.4, weightReason: "node node-a agreed with the others on 2 of 9 decided votes → weight 0.40" },
                { node: "node-b", self: false, text: "It slept.", workers: 4, score: 0.8, won: true, error: null, latencyMs: 700, weight: 1.8, weightReason: "node node-b agreed with the others on 41 of 50 decided votes → weight 1.80" },
                { node: "node-c", self: false, text: "", workers: null, score: null, won: false, error: "did not answer within 2000 ms", latencyMs: 2000, weight: null, weightReason: null }
            ]
        }
    };
    const snapshot = { type: "snapshot", machine: { model: "stories260K", backend: "cpu", threads: 1, platform: null, cpu: null, cores: null, memoryBytes: null, gpus: [] }, status: { workers: [], queued: 0, queueSize: 4, served: 1, viewers: 1 }, history: [request] };
    await page.route("**/v1/swarm/events", (route) => route.fulfill({ contentType: "text/event-stream", body: `event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n` }));
    await page.goto(server.url);
    await page.evaluate((key) => sessionStorage.setItem("local-swarm.apiKey", key), apiKey);
    await page.reload();
    const card = page.locator('.request[data-request="1"]');
    await card.locator(".nodes").waitFor();
    expect(await card.locator(".node-winner-id").textContent()).toBe("node-b");
    expect(await card.locator(".node").count()).toBe(3);
    expect(await card.locator(".node.winner").getAttribute("data-node")).toBe("node-b");
    expect(await card.locator('.node[data-node="node-a"]').textContent()).toContain("this node");
    expect(await card.locator('.node[data-node="node-b"] header').textContent()).toContain("weight 1.80");
    expect(await card.locator('.node[data-node="node-b"] header span[title]').getAttribute("title")).toContain("41 of 50");
    expect(await card.locator('.node[data-node="node-c"] p').textContent()).toBe("did not answer within 2000 ms");
    // This node's own vote stays below the nodes'.
    expect(await card.locator(".candidate.winner").getAttribute("data-worker")).toBe("w1");
    await page.screenshot({ path: testOutputPath("dashboard-federated.png"), fullPage: true });
    await page.close();
}, 60_000);
