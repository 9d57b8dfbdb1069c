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
    await page.fill("#key-input", apiKey);
    await page.click("#key-form button");
    await page.locator('#connection[data-state="live"]').waitFor();
    await expect(page.locator("#model").textContent()).resolves.toBe("stories260K");
    await expect(page.locator("#workers .worker").count()).resolves.toBe(3);
    await expect(page.locator("#machine").textContent()).resolves.toContain("cpu");

    await page.fill("#chat-input", "Once upon a time");
    await page.click("#chat-send");
    const card = page.locator('.request[data-state="decided"]').first();
    await card.waitFor({ timeout: 60_000 });
    await expect(card.locator(".prompt").textContent()).resolves.toBe("Once upon a time");
    await expect(card.locator(".candidate").count()).resolves.toBe(3);
    await expect(card.locator(".candidate.winner").count()).resolves.toBe(1);
    const winner = await card.locator(".winner-id").textContent();
    await expect(card.locator(".candidate.winner").getAttribute("data-worker")).resolves.toBe(winner);
    await expect(card.locator(".vote").textContent()).resolves.toContain("agreement");

    await page.locator("#chat-answer .meta", { hasText: "winner" }).waitFor();
    await expect(page.locator("#chat-answer .meta").textContent()).resolves.toContain(`winner ${winner} of 3`);
    const answer = await page.locator("#chat-answer .text").textContent();
    await expect(card.locator(".candidate.winner p").textContent()).resolves.toBe(answer);
    await expect(page.locator("#workers .worker.busy").count()).resolves.toBe(0);
    await page.screenshot({ path: testOutputPath("dashboard.png"), fullPage: true });

    // The key stays for the tab: a reload connects without asking again.
    await page.reload();
    await page.locator('#connection[data-state="live"]').waitFor();
    await expect(page.locator("#key-form").isVisible()).resolves.toBe(false);
    await expect(page.locator('.request[data-state="decided"]').count()).resolves.toBeGreaterThanOrEqual(1);
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
