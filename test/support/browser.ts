import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's `chromium` package; the tests never download a browser. */
const executablePath = "/usr/bin/chromium";

export interface TestBrowser {
    readonly context: BrowserContext;
    dispose(): Promise<void>;
}

/** Headless Chromium on a fresh profile, with everything that would reach the internet switched off. */
export async function launchBrowser(): Promise<TestBrowser> {
    if (!fs.existsSync(executablePath)) throw new Error(`${executablePath} is missing: install Debian's chromium package (apt-get install -y chromium)`);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath,
        headless: true,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    });
    return {
        context,
        async dispose() {
            await context.close();
            fs.rmSync(profile, { recursive: true, force: true });
        }
    };
}

/** The test output folder (git-ignored), for screenshots. */
export function testOutputPath(name: string): string {
    const dir = path.resolve(import.meta.dir, "..", "..", "test-output");
    fs.mkdirSync(dir, { recursive: true });
    return path.join(dir, name);
}

/**
 * The key form the dashboard and the docs page share (`#key-form`): a wrong key is refused in
 * words, then the right one is taken.
 */
export async function answerKeyForm(page: Page, apiKey: string): Promise<void> {
    await page.locator("#key-form").waitFor({ state: "visible" });
    await page.fill("#key-input", "not-the-key");
    await page.click("#key-form button");
    await page.locator("#key-error", { hasText: "refused" }).waitFor();
    await page.fill("#key-input", apiKey);
    await page.click("#key-form button");
}
