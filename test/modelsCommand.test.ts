import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sha256File } from "../src/models/index.ts";
import { startModelServer, type ModelServer } from "./support/modelServer.ts";
import { tinyStoriesEntry } from "./support/tinyCatalog.ts";
import { testModelPath } from "./support/testModel.ts";

const root = path.resolve(import.meta.dir, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-models-"));
const catalogFile = path.join(dir, "catalog.json");
let server: ModelServer;

beforeAll(async () => {
    const model = await testModelPath();
    server = await startModelServer(model, await sha256File(model));
    fs.writeFileSync(catalogFile, JSON.stringify({
        models: [tinyStoriesEntry, {
            id: "tiny-stories-misdescribed",
            name: "Tiny Stories, wrong size",
            family: "llama",
            thinking: "switchable",
            parameters: 260000,
            activeParameters: 130000,
            license: "mit",
            priority: 0,
            contextLength: 2048,
            kvBytesPerToken: 2560,
            repo: "ggml-org/tiny-llamas-copy",
            file: "stories260K.gguf",
            quants: ["Q8_0"],
            sizes: { Q8_0: "2.50 MB" },
            sources: { card: "https://huggingface.co/ggml-org/tiny-llamas", files: "https://huggingface.co/ggml-org/tiny-llamas-copy" }
        }]
    }));
});

afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
    const env = { ...process.env, LOCAL_SWARM_HF_ENDPOINT: server.url, LOCAL_SWARM_DATA_DIR: path.join(dir, "data"), LOCAL_SWARM_CATALOG: catalogFile, LOCAL_SWARM_CONFIG: path.join(dir, "none.json") };
    const child = Bun.spawn([process.execPath, "src/cli/main.ts", ...args], { cwd: root, env, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { stdout, stderr, code };
}

describe("local-swarm models", () => {
    const stored = () => path.join(dir, "data", "models", "hf", "ggml-org", "tiny-llamas", "stories260K.gguf");

    test("pull by catalog name downloads from the configured endpoint into the data dir, quietly when not a terminal", async () => {
        const { stdout, stderr, code } = await cli("models", "pull", "tiny-stories");
        expect(stderr).toBe("");
        expect(code).toBe(0);
        expect(stdout).toContain("downloaded, sha256 verified");
        expect(fs.existsSync(stored())).toBe(true);
    });

    test("pull again finds it already there; list shows it and the catalog", async () => {
        expect((await cli("models", "pull", "hf:ggml-org/tiny-llamas/stories260K.gguf")).stdout).toContain("already downloaded");
        const { stdout, code } = await cli("models", "list");
        expect(code).toBe(0);
        expect(stdout).toContain("hf/ggml-org/tiny-llamas/stories260K.gguf");
        expect(stdout).toContain("tiny-stories");
        expect(stdout).toContain("For this machine:");
    });

    test("a reader that closes the pipe early (`models list | head -1`) is a normal end: exit 0, nothing on stderr", async () => {
        const env = { ...process.env, LOCAL_SWARM_DATA_DIR: path.join(dir, "data"), LOCAL_SWARM_CATALOG: catalogFile, LOCAL_SWARM_CONFIG: path.join(dir, "none.json") };
        for (const command of ["models list", "hardware", "--help"]) {
            const shell = Bun.spawn(["bash", "-c", `set -o pipefail; "${process.execPath}" src/cli/main.ts ${command} | head -1 >/dev/null`],
                { cwd: root, env, stdout: "pipe", stderr: "pipe" });
            const [stderr, code] = await Promise.all([new Response(shell.stderr).text(), shell.exited]);
            expect({ command, stderr, code }).toEqual({ command, stderr: "", code: 0 });
        }
    }, 30_000);

    test("pull ./file.gguf copies a local file into the models folder; list shows the configured file first, with its size", async () => {
        const local = path.join(dir, "my model.gguf");
        fs.copyFileSync(await testModelPath(), local);
        const imported = await cli("models", "pull", local);
        expect(imported.stderr).toBe("");
        expect(imported.code).toBe(0);
        const target = path.join(dir, "data", "models", "local", "my_model.gguf");
        expect(imported.stdout).toContain(`${target}  `);
        expect(imported.stdout).toContain("copied into the models folder (GGUF checked)");
        expect(fs.readFileSync(target).equals(fs.readFileSync(local))).toBe(true);
        expect((await cli("models", "pull", local)).stdout).toContain("already in the models folder");

        const notGguf = path.join(dir, "notes.gguf");
        fs.writeFileSync(notGguf, "just text");
        const refused = await cli("models", "pull", notGguf);
        expect(refused.code).toBe(1);
        expect(fs.existsSync(path.join(dir, "data", "models", "local", "notes.gguf"))).toBe(false);
        expect(fs.existsSync(path.join(dir, "data", "models", "local", "notes.gguf.partial"))).toBe(false);

        const config = path.join(dir, "config.json");
        fs.writeFileSync(config, JSON.stringify({ model: local }));
        const { stdout } = await cli("models", "list", "--config", config);
        expect(stdout).toStartWith(`Configured: ${local} (from ${config})  1.2 MB\n`);
        expect(stdout).toContain("local/my_model.gguf");
        expect(stdout).toMatch(/ tiny-stories +no thinking +0\.26M +mit +Q8_0 +[\d.]+ [kM]B +fits/);
    }, 30_000);

    test("a catalog size that disagrees with the file fails the pull with a clear message and keeps nothing", async () => {
        const { stderr, code } = await cli("models", "pull", "tiny-stories-misdescribed");
        expect(code).not.toBe(0);
        expect(stderr).toContain("stories260K.gguf should be 2.50 MB (as https://huggingface.co/ggml-org/tiny-llamas-copy lists it)");
        const copy = path.join(dir, "data", "models", "hf", "ggml-org", "tiny-llamas-copy");
        expect(fs.existsSync(copy) ? fs.readdirSync(copy) : []).toEqual([]);
    });

    test("list says what each catalog entry is: thinking or not, parameters, active parameters, licence", async () => {
        const { stdout } = await cli("models", "list");
        expect(stdout).toMatch(/tiny-stories-misdescribed +thinking +0\.26M +0\.13M active +mit /);
        expect(stdout).toMatch(/tiny-stories +no thinking +0\.26M +mit /);
    });

    test("rm deletes it; rm again is a clear error", async () => {
        const removed = await cli("models", "rm", "tiny-stories");
        expect(removed.code).toBe(0);
        expect(fs.existsSync(stored())).toBe(false);
        const again = await cli("models", "rm", "tiny-stories");
        expect(again.code).toBe(1);
        expect(again.stderr).toContain("model 'tiny-stories' not found");
    });

    test("a 404 and a bad reference exit non-zero with a message, leaving no file", async () => {
        const missing = await cli("models", "pull", "hf:org/repo-that-is-not/here.gguf");
        expect(missing.code).toBe(1);
        expect(missing.stderr).toContain("HTTP 404");
        const bad = await cli("models", "pull", "not/a/ref");
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain("Cannot use model reference");
        expect((await cli("models")).code).toBe(2);
    });
});
