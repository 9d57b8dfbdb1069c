import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testModelPath } from "./support/testModel.ts";
import { startTestServer } from "./support/testServer.ts";

const main = path.join(import.meta.dir, "..", "src", "cli", "main.ts");

async function run(args: string[], env: Record<string, string> = {}) {
    const child = Bun.spawn([process.execPath, main, ...args], { stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { stdout, stderr, code };
}

describe("local-swarm CLI", () => {
    test("--help lists the commands, each command has --help", async () => {
        const help = await run(["--help"]);
        expect(help.code).toBe(0);
        expect(help.stdout).toContain("serve");
        const serve = await run(["serve", "--help"]);
        expect(serve.stdout).toContain("--workers <integer>");
        expect(serve.stdout).toContain("LOCAL_SWARM_WORKERS");
    });

    test("ask prints every worker's answer, the scores and the winner", async () => {
        const model = await testModelPath();
        const result = await run(["ask", "--local", "--model", model, "--workers", "2", "--threads", "1", "--max-tokens", "12", "--seed", "5", "Once upon a time"]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("--- w0");
        expect(result.stdout).toContain("--- w1");
        expect(result.stdout).toMatch(/score \d\.\d{3}/);
        expect(result.stdout).toContain("<< WINNER");
        expect(result.stdout).toContain("=== winner: w");
    });

    test("with a local server serving the same model, ask uses it and says so; another model loads here", async () => {
        const model = await testModelPath();
        const server = await startTestServer({ workers: 2 });
        try {
            const served = await run(["ask", "--port", String(server.port), "--model", model, "--max-tokens", "8", "Once upon a time"]);
            expect(served.code).toBe(0);
            expect(served.stderr).toContain(`ask: answered by the local server at http://127.0.0.1:${server.port} (stories260K)`);
            expect(served.stdout).toContain("--- w1");
            expect(served.stdout).toContain("=== winner: w");
            const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-ask-")), "another.gguf");
            fs.copyFileSync(model, other);
            const own = await run(["ask", "--port", String(server.port), "--model", other, "--workers", "2", "--threads", "1", "--max-tokens", "8", "Once upon a time"]);
            expect(own.code).toBe(0);
            expect(own.stderr).not.toContain("answered by the local server");
            expect(own.stdout).toContain("=== winner: w");
            fs.rmSync(path.dirname(other), { recursive: true, force: true });
        } finally {
            await server.dispose();
        }
    }, 60_000);

    test("settings come from the environment too, and bad ones exit 2 with a message", async () => {
        const result = await run(["ask", "hello"], { LOCAL_SWARM_WORKERS: "zero" });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("LOCAL_SWARM_WORKERS");
    });

    test("serve without a model picks one for this machine, and a failed download says why", async () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-cli-"));
        const result = await run(["serve", "--port", "0"], {
            LOCAL_SWARM_CONFIG: path.join(dataDir, "absent.json"),
            LOCAL_SWARM_DATA_DIR: dataDir,
            LOCAL_SWARM_MODEL: "",
            LOCAL_SWARM_HF_ENDPOINT: "http://127.0.0.1:9"
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("downloading");
        expect(result.stderr).toContain("Cannot download from 127.0.0.1:9");
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test("serve refuses to listen beyond loopback without an API key", async () => {
        const model = await testModelPath();
        const result = await run(["serve", "--model", model, "--host", "0.0.0.0", "--port", "0"]);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("API key");
    });
});
