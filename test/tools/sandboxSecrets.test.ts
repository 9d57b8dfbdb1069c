import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { userPaths, type UserPaths } from "../../src/config/index.ts";
import { startTestServer, type TestServer } from "../support/testServer.ts";

/**
 * execute_bash against the real server with tools on, for a user whose home is a temporary folder:
 * the command must not read the server's config (API key, swarm secret), data or cache, even
 * though the workspace lives inside the data folder. The home is not under /tmp, which sandboxes
 * replace with their own: it stands for a real home.
 */
const home = fs.realpathSync(fs.mkdtempSync(path.join("/var/tmp", "sandbox-view-test-")));
const paths: UserPaths = userPaths({ HOME: home }, "linux");
const apiKey = "secret-api-key";
let server: TestServer;

beforeAll(async () => {
    fs.mkdirSync(path.dirname(paths.configFile), { recursive: true });
    fs.writeFileSync(paths.configFile, JSON.stringify({ apiKey, swarmSecret: "secret-swarm" }));
    fs.mkdirSync(paths.cacheDir, { recursive: true });
    fs.writeFileSync(path.join(paths.cacheDir, "download.partial"), "secret-cache");
    fs.mkdirSync(paths.dataDir, { recursive: true });
    fs.writeFileSync(path.join(paths.dataDir, "node-id"), "secret-node");
    fs.writeFileSync(path.join(home, ".bashrc"), "echo secret-home");
    server = await startTestServer({ tools: true, apiKey }, paths);
});

afterAll(async () => {
    await server.dispose();
    fs.rmSync(home, { recursive: true, force: true });
});

async function call(method: string, route: string, body?: unknown): Promise<any> {
    const response = await fetch(`${server.url}${route}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        body: body == null ? undefined : JSON.stringify(body)
    });
    return response.json();
}

describe("what execute_bash can see", () => {
    test("not the config, data, cache or home, nor /etc/shadow; the workspace yes", async () => {
        const listing = await call("GET", "/v1/tools");
        const command = [paths.configFile, path.join(paths.dataDir, "node-id"), path.join(paths.cacheDir, "download.partial"), path.join(home, ".bashrc"), "/etc/shadow"]
            .map((file) => `cat ${file}`).join("; ") + "; echo in-workspace > probe.txt; cat probe.txt; pwd";
        const { result } = await call("POST", "/v1/tools/execute", { name: "execute_bash", arguments: { command } });
        console.error(`sandbox ${listing.sandbox.kind}: stdout ${JSON.stringify(result.stdout)}`);
        expect(result.stdout).not.toContain("secret");
        expect(result.stdout).not.toContain("root:");
        expect(result.stdout).toBe(`in-workspace\n${path.join(paths.dataDir, "workspace")}\n`);
        expect(listing.sandbox).toMatchObject({ secrets_hidden: true });
        expect(listing.sandbox.hidden).toEqual(expect.arrayContaining([paths.configFile, paths.dataDir, paths.cacheDir]));
    });
});
