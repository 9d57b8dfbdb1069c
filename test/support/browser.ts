import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

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
