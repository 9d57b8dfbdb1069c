import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildBinary } from "../scripts/build/buildBinary.ts";
import { buildTargets } from "../scripts/build/targets.ts";
import { freePort, startAndTimeHealth } from "../scripts/timeToHealth.ts";
import OpenAI from "openai";
import { llamaThreads } from "../src/hardware/index.ts";
import { testModelPath } from "./support/testModel.ts";

/**
 * The real compiled binary, alone in an empty folder, with a fresh HOME and a PATH that holds
 * nothing (so no node, no bun, no node_modules anywhere it could look).
 */
const projectRoot = path.resolve(import.meta.dir, "..");
const target = (name: string) => buildTargets.find((candidate) => candidate.name === name)!;
let work: string;
let binary: string;
let env: Record<string, string>;

beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-binary-"));
    const built = await buildBinary({ target: target("linux-x64"), variant: "cpu", projectRoot, outDir: path.join(work, "dist") });
    console.log(`linux-x64 binary: ${(built.size / 1024 / 1024).toFixed(1)} MiB (runtime ${(built.runtimeSize / 1024 / 1024).toFixed(1)} MiB)`);
    expect(built.size).toBeLessThanOrEqual(130 * 1024 * 1024);
    for (const dir of ["run", "home", "empty-path"]) fs.mkdirSync(path.join(work, dir));
    binary = path.join(work, "run", "local-swarm");
    fs.copyFileSync(built.file, binary);
    fs.chmodSync(binary, 0o755);
    env = { HOME: path.join(work, "home"), PATH: path.join(work, "empty-path") };
}, 150_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function runBinary(args: string[], stdin?: string, searchPath = env.PATH!): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
    const started = performance.now();
    const child = Bun.spawn([binary, ...args], { cwd: path.dirname(binary), env: { ...env, PATH: searchPath }, stdin: stdin == null ? "ignore" : new Blob([stdin]), stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { code, stdout, stderr, ms: performance.now() - started };
}

describe("compiled linux-x64 binary", () => {
    test("--version names the target and the backend", async () => {
        const result = await runBinary(["--version"]);
        expect(result.code).toBe(0);
        expect(result.stdout.trim()).toMatch(/^local-swarm \d+\.\d+\.\d+ \(linux-x64, cpu\)$/);
    }, 60_000);

    test("hardware --json reports this machine", async () => {
        const result = await runBinary(["hardware", "--json"]);
        expect(result.code).toBe(0);
        const report = JSON.parse(result.stdout) as { platform: string; arch: string; cpu: { availableCores: number }; budget: { bytes: number } };
        expect(report).toMatchObject({ platform: "linux", arch: "x64" });
        expect(report.cpu.availableCores).toBeGreaterThan(0);
        expect(report.budget.bytes).toBeGreaterThan(0);
    }, 60_000);

    test("unpacks its runtime once and generates from the test model; the second start reuses the cache", async () => {
        const model = path.join(work, "model.gguf");
        fs.copyFileSync(await testModelPath(), model);
        // No --threads, as a user types it: llama.cpp still gets the available cores less one, not its own default.
        const args = ["runtime", "--model", model, "--tokens", "8"];
        const threads = llamaThreads(0);

        const cold = await runBinary(args);
        expect(cold.stderr).toContain("unpacking the inference runtime");
        expect(cold.stdout).toContain(`llama.cpp: prebuilt addon, backend cpu, ${threads} thread${threads === 1 ? "" : "s"}`);
        expect(cold.stdout).toMatch(/generated: Once upon a time\S*\s+\S/);
        expect(cold.code).toBe(0);
        const runtimeRoot = path.join(env.HOME!, ".cache", "local-swarm", "runtime");
        const [folder, ...others] = fs.readdirSync(runtimeRoot);
        expect(others).toEqual([]);
        expect(folder).toMatch(/^3\.21\.1-linux-x64-cpu-[0-9a-f]{16}$/);
        expect(fs.existsSync(path.join(runtimeRoot, folder!, "node-llama-cpp", "bins", "linux-x64", "llama-addon.node"))).toBe(true);
        const stamp = fs.statSync(path.join(runtimeRoot, folder!, "node-llama-cpp", "bins", "linux-x64", "llama-addon.node")).mtimeMs;

        const warm = await runBinary(args);
        expect(warm.code).toBe(0);
        expect(warm.stderr).not.toContain("unpacking");
        expect(warm.stdout).toContain("generated: Once upon a time");
        expect(fs.statSync(path.join(runtimeRoot, folder!, "node-llama-cpp", "bins", "linux-x64", "llama-addon.node")).mtimeMs).toBe(stamp);
        console.log(`runtime check with the test model: cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms`);
    }, 60_000);

    test("serves the test model: a chat completion through the openai client, then SIGTERM answers the request in flight and exits 0", async () => {
        const model = path.join(work, "model.gguf");
        fs.copyFileSync(await testModelPath(), model);
        // A HOME of its own, so the first start is a cold one that unpacks the runtime.
        const serveEnv = { ...env, HOME: path.join(work, "serve-home") };
        const serve = (port: number) => startAndTimeHealth({
            command: [binary], serveArgs: ["--model", model, "--workers", "2", "--threads", "1"], port, env: serveEnv, cwd: path.dirname(binary)
        });
        const first = await serve(freePort());
        try {
            const client = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: "unused" });
            const completion = await client.chat.completions.create({
                model: "model", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 16
            });
            expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
            expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
            const health = await (await fetch(`${first.url}/health`)).json() as { version: string };
            expect(health.version).toContain("(linux-x64, cpu)");
            // The dashboard page is built into the binary at compile time.
            const page = await fetch(`${first.url}/`);
            expect(page.status).toBe(200);
            expect(await page.text()).toContain("<html");
            // So is the API docs viewer: no CDN, no node_modules.
            expect((await fetch(`${first.url}/openapi`)).status).toBe(200);
            const viewer = await fetch(`${first.url}/openapi/swagger-ui-bundle.js`);
            expect(viewer.status).toBe(200);
            expect((await viewer.text()).length).toBeGreaterThan(1_000_000);
            // Consensus decisions run on a worker thread, an entry point of its own inside the binary.
            const consensus = await fetch(`${first.url}/v1/consensus`, {
                method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ candidates: ["12", "12", "11"] })
            });
            expect(await consensus.json()).toMatchObject({ text: "12" });
            // A long request in flight when SIGTERM arrives is answered, not dropped.
            const inFlight = fetch(`${first.url}/v1/chat/completions`, {
                method: "POST", headers: { "content-type": "application/json" },
                body: JSON.stringify({ model: "model", messages: [{ role: "user", content: "Once" }], max_tokens: 100000 })
            }).then((response) => response.status, () => "connection dropped");
            await Bun.sleep(200);
            expect(await first.stop()).toBe(0);
            expect([200, 503] as (number | string)[]).toContain(await inFlight);
        } finally {
            await first.stop();
        }
        expect(first.log()).toContain("unpacking the inference runtime");
        const second = await serve(freePort());
        expect(await second.stop()).toBe(0);
        expect(second.log()).not.toContain("unpacking");
        console.log(`serve start to a healthy /health: cold ${first.msToHealthy.toFixed(0)} ms, warm ${second.msToHealthy.toFixed(0)} ms`);
    }, 60_000);

    test("carries the Termux addon build script and names its runtime folder", async () => {
        const script = await runBinary(["runtime", "--addon-script"]);
        expect(script.code).toBe(0);
        expect(script.stdout).toBe(fs.readFileSync(path.join(projectRoot, "scripts", "termux-build-addon.sh"), "utf8"));
        const folder = await runBinary(["runtime", "--path"]);
        expect(folder.stdout.trim()).toMatch(new RegExp(`^${env.HOME}/\\.cache/local-swarm/runtime/3\\.21\\.1-linux-x64-cpu-[0-9a-f]{16}/node-llama-cpp$`));
    }, 60_000);

    test("service install --user --root: a binary under /tmp is copied to ~/.local/bin, and the unit runs the copy", async () => {
        const config = path.join(work, "service-config.json");
        fs.writeFileSync(config, "{}\n");
        const root = path.join(work, "service-root");
        const result = await runBinary(["service", "install", "--user", "--root", root, "--config", config]);
        expect(result.code).toBe(0);
        const stable = path.join(env.HOME!, ".local", "bin", "local-swarm");
        expect(result.stdout).toContain(`the service runs ${stable}, a copy of ${binary}`);
        expect(fs.readFileSync(path.join(root, stable)).equals(fs.readFileSync(binary))).toBe(true);
        expect(fs.statSync(path.join(root, stable)).mode & 0o777).toBe(0o755);
        const unit = path.join(root, env.HOME!, ".config", "systemd", "user", "local-swarm.service");
        expect(fs.readFileSync(unit, "utf8")).toContain(`ExecStart=${stable} serve --config ${config}\n`);
        // systemd-analyze checks ExecStart's program on this file system: put the staged copy where the unit names it (inside this test's HOME).
        fs.mkdirSync(path.dirname(stable), { recursive: true });
        fs.copyFileSync(path.join(root, stable), stable);
        fs.chmodSync(stable, 0o755);
        try {
            const verify = Bun.spawnSync(["systemd-analyze", "verify", unit], { stdout: "pipe", stderr: "pipe" });
            expect(verify.stderr.toString()).toBe("");
            expect(verify.exitCode).toBe(0);
        } finally {
            fs.rmSync(path.join(env.HOME!, ".local"), { recursive: true, force: true });
        }
    }, 60_000);

    test("service install on this machine, where no systemd runs: says so, writes nothing; status agrees", async () => {
        const config = path.join(work, "service-config.json");
        fs.writeFileSync(config, "{}\n");
        // The real systemctl, and nothing else, on PATH.
        const withSystemctl = path.join(work, "systemctl-path");
        fs.mkdirSync(withSystemctl, { recursive: true });
        fs.symlinkSync(Bun.which("systemctl")!, path.join(withSystemctl, "systemctl"));
        const run = async (args: string[]) => {
            const child = Bun.spawn([binary, ...args], { env: { ...env, PATH: withSystemctl }, stdout: "pipe", stderr: "pipe" });
            const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
            return { stdout, stderr, code };
        };
        const installed = await run(["service", "install", "--user", "--config", config]);
        expect(installed.code).toBe(1);
        expect(installed.stderr).toContain("there is no systemd user manager for this user here");
        expect(installed.stderr).toContain("nothing was installed");
        expect(fs.existsSync(path.join(env.HOME!, ".config", "systemd"))).toBe(false);
        expect(fs.existsSync(path.join(env.HOME!, ".local", "bin"))).toBe(false);
        const status = await run(["service", "status", "--user"]);
        expect(status.code).toBe(3);
        expect(status.stdout).toContain("systemd service not installed");
    }, 60_000);

    test("runs JavaScript candidates with itself as Bun for the execution strategy; refuses without a sandbox", async () => {
        const line = JSON.stringify({
            strategy: "execution",
            candidates: ["```js\nfunction twice(x) { return 2 * x; }\n```", "```js\nfunction twice(x) { return x * x; }\n```"],
            tests: ["assert(twice(3) === 6)", "assert.equal(twice(0), 0)"]
        });
        // The system folders only: bubblewrap and prlimit, and no node or bun of this project.
        const ran = await runBinary(["vote", "--execute-code"], line, "/usr/bin:/bin");
        expect(JSON.parse(ran.stdout)).toMatchObject({ strategy: "execution", winner: 0, execution: { language: "javascript", passes: [2, 1] } });
        const refused = await runBinary(["vote", "--execute-code"], line);
        expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: "no_sandbox" } });
    }, 60_000);

    test("an unknown command still fails cleanly inside the binary", async () => {
        const result = await runBinary(["no-such-command"]);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('unknown command "no-such-command"');
    }, 60_000);
});

describe("android-arm64 binary", () => {
    test("builds as a Bionic PIE executable for aarch64", async () => {
        const built = await buildBinary({ target: target("android-arm64"), variant: "cpu", projectRoot, outDir: path.join(work, "dist") });
        const head = new Uint8Array(fs.readFileSync(built.file).subarray(0, 4096));
        const view = new DataView(head.buffer);
        expect(view.getUint16(16, true)).toBe(3); // ET_DYN: position-independent, as Android requires
        expect(view.getUint16(18, true)).toBe(183); // EM_AARCH64
        expect(Buffer.from(head).includes("/system/bin/linker64")).toBe(true);
    }, 120_000);
});
