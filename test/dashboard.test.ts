import { afterAll, beforeAll, expect, test } from "bun:test";
import { launchBrowser, testOutputPath, type TestBrowser } from "./support/browser.ts";
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

    await page.locator("#key-form").waitFor({ state: "visible" });
    await page.fill("#key-input", "not-the-key");
    await page.click("#key-form button");
    await page.locator("#key-error", { hasText: "refused" }).waitFor();
    await page.fill("#key-input", apiKey);
    await page.click("#key-form button");
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
                metrics: { requests: 3, failures: 0, wins: 1, agreements: 2, meanLatencyMs: 40 }
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
    for (const part of ["node-b", "healthy", "2 workers", "12 ms", "agrees 2/3, won 1"]) expect(text).toContain(part);
    expect(await page.locator("#peers-note").textContent()).toBe("1 peer");
    await page.close();
}, 60_000);
