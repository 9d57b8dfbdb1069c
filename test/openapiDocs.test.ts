import { afterAll, beforeAll, expect, test } from "bun:test";
import { answerKeyForm, launchBrowser, testOutputPath, type TestBrowser } from "./support/browser.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

/** The docs page as a user opens it: in a browser with no network beyond this server, on a server with an API key. */
const apiKey = "docs-test-key";
let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ apiKey, workers: 2, maxTokens: 16 }), launchBrowser()]);
});

afterAll(async () => {
    await browser?.dispose();
    await server?.dispose();
});

test("/openapi loads offline, asks for the key, shows every route and runs a request with the key", async () => {
    const elsewhere: string[] = [];
    // The network is off: only this server answers; anything else is recorded and refused.
    await browser.context.route("**/*", (route) => {
        if (route.request().url().startsWith(server.url)) return route.continue();
        elsewhere.push(route.request().url());
        return route.abort();
    });
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const response = await page.goto(`${server.url}/openapi`);
    expect(response?.status()).toBe(200);

    await answerKeyForm(page, apiKey);

    const models = page.locator('.opblock-summary-path[data-path="/v1/models"]').first();
    await models.waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock-summary-path[data-path="/v1/chat/completions"]').count()).toBe(1);
    await models.click();
    await page.locator(".try-out__btn").first().click();
    await page.locator(".execute").first().click();
    const status = page.locator(".live-responses-table tbody .response-col_status").first();
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe("200");
    expect(await page.locator(".live-responses-table tbody .response-col_description").first().textContent()).toContain("stories260K");
    await page.screenshot({ path: testOutputPath("openapi.png"), fullPage: false });
    expect(elsewhere).toEqual([]);
}, 90_000);

test("/openapi/json needs the key and publishes request and response schemas", async () => {
    expect((await fetch(`${server.url}/openapi/json`)).status).toBe(401);
    const spec = await (await fetch(`${server.url}/openapi/json`, { headers: { authorization: `Bearer ${apiKey}` } })).json() as {
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; responses: Record<string, { content?: Record<string, { schema: { properties: Record<string, unknown> } }> }> }>>;
        components: { securitySchemes: Record<string, { scheme: string }> };
    };
    const chat = spec.paths["/v1/chat/completions"]!.post!;
    expect(Object.keys(chat.requestBody!.content["application/json"]!.schema.properties)).toEqual(expect.arrayContaining(["messages", "temperature", "stream", "logprobs"]));
    expect(Object.keys(chat.responses["200"]!.content!["application/json"]!.schema.properties)).toEqual(expect.arrayContaining(["choices", "usage", "swarm"]));
    expect(chat.responses["400"]!.content!["application/json"]!.schema.properties).toHaveProperty("error");
    expect(spec.paths["/v1/models"]!.get!.responses["200"]).toBeDefined();
    expect(spec.paths["/health"]!.get!.responses["200"]).toBeDefined();
    expect(spec.components.securitySchemes.apiKey?.scheme).toBe("bearer");
    // The viewer's own files are not API routes.
    expect(Object.keys(spec.paths).filter((path) => path.startsWith("/openapi"))).toEqual([]);
});
