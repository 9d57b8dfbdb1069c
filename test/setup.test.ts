import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../scripts/timeToHealth.ts";
import { sha256File } from "../src/models/index.ts";
import { hasSetting } from "../src/setup/index.ts";
import { startModelServer, type ModelServer } from "./support/modelServer.ts";
import { startTmux, type TmuxSession } from "./support/tmuxSession.ts";
import { testModelPath } from "./support/testModel.ts";

/**
 * The setup wizard driven through a real pseudo-terminal (tmux). The model catalog gets one extra
 * model, the real test model, that a Hugging Face-like server on 127.0.0.1 serves; it is the
 * recommended one, and the wizard downloads it.
 */
const main = path.resolve(import.meta.dir, "..", "src", "cli", "main.ts");
let work: string;
let home: string;
let configFile: string;
let exitFile: string;
let session: TmuxSession | undefined;
let modelServer: ModelServer;
let catalogFile: string;

beforeEach(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-setup-"));
    home = path.join(work, "home");
    fs.mkdirSync(home);
    configFile = path.join(home, ".config", "local-swarm", "config.json");
    exitFile = path.join(work, "exit-code");
    const model = await testModelPath();
    modelServer = await startModelServer(model, await sha256File(model));
    catalogFile = path.join(work, "catalog.json");
    fs.writeFileSync(catalogFile, JSON.stringify({
        models: [{ id: "tiny-stories", name: "Tiny Stories 260K", family: "llama", parameters: 260000, license: "mit", priority: 1000,
            contextLength: 2048, kvBytesPerToken: 2560, repo: "ggml-org/tiny-llamas", file: "stories260K.gguf", quants: ["Q8_0"] }]
    }));
});

afterEach(async () => {
    session?.kill();
    session = undefined;
    await modelServer.close();
    fs.rmSync(work, { recursive: true, force: true });
});

/**
 * A `systemctl` that answers as on a machine without systemd (as this one), first on PATH: the
 * wizard then offers no service, and a test never installs one on a developer's machine.
 */
function noSystemdBin(): string {
    const bin = path.join(work, "bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, "systemctl"), "#!/bin/sh\necho \"System has not been booted with systemd as init system (PID 1). Can't operate.\" >&2\nexit 1\n", { mode: 0o755 });
    return bin;
}

function startCli(args: string[], hfEndpoint = modelServer.url): TmuxSession {
    const env = `env -i HOME=${home} PATH=${noSystemdBin()}:${path.dirname(process.execPath)}:/usr/bin:/bin TERM=xterm-256color ` +
        `LOCAL_SWARM_CATALOG=${catalogFile} LOCAL_SWARM_HF_ENDPOINT=${hfEndpoint}`;
    session = startTmux(`${env} ${process.execPath} ${main} ${args.join(" ")}; echo $? > ${exitFile}; sleep 120`);
    return session;
}

async function exitCode(): Promise<number> {
    for (let waited = 0; waited < 20_000; waited += 100) {
        if (fs.existsSync(exitFile) && fs.readFileSync(exitFile, "utf8").trim() !== "") return Number(fs.readFileSync(exitFile, "utf8").trim());
        await Bun.sleep(100);
    }
    throw new Error(`the CLI did not exit; the terminal shows:\n${session?.screen()}`);
}

/**
 * The steps a build has only with its federation and tools domains: federation declined (asked
 * only when other machines may use the API), tools as asked.
 */
async function answerFederationAndTools(terminal: TmuxSession, tools: boolean, lan: boolean): Promise<Record<string, boolean>> {
    const written: Record<string, boolean> = {};
    if (hasSetting("federation")) {
        if (lan) {
            await terminal.waitFor("(federation)?");
            terminal.send("Enter");
        }
        written.federation = false;
    }
    if (hasSetting("tools")) {
        await terminal.waitFor("Let the models use tools");
        terminal.send(...(tools ? ["Left"] : []), "Enter");
        written.tools = tools;
    }
    return written;
}

async function takeTheRecommendedModel(terminal: TmuxSession): Promise<void> {
    await terminal.waitFor("Tiny Stories 260K Q8_0 (recommended)");
    terminal.send("Enter");
    await terminal.waitFor("Model ready: tiny-stories:Q8_0");
}

describe("setup wizard in a terminal", () => {
    test("first run without a config: downloads the recommended model, writes the config and starts serving", async () => {
        const port = freePort();
        const terminal = startCli([]);
        await terminal.waitFor("This machine");
        await terminal.waitFor(/Budget: +[\d.]+ [GM]B for models/);
        await takeTheRecommendedModel(terminal);
        await terminal.waitFor("How many workers?");
        terminal.send("BSpace", "2", "Enter");
        await terminal.waitFor("Who may use the API?");
        terminal.send("Enter");
        await terminal.waitFor("Port");
        terminal.send("BSpace", "BSpace", "BSpace", "BSpace", String(port), "Enter");
        const optional = await answerFederationAndTools(terminal, false, false);
        await terminal.waitFor("Write the config to");
        expect(fs.existsSync(configFile)).toBe(false);
        terminal.send("Enter");
        await terminal.waitFor("No background service is offered");
        await terminal.waitFor("Start serving now?");
        terminal.send("Enter");
        const screen = await terminal.waitFor(`curl http://127.0.0.1:${port}/v1/chat/completions`);
        expect(screen).not.toContain("Authorization: Bearer");

        expect(JSON.parse(fs.readFileSync(configFile, "utf8"))).toEqual({
            model: "tiny-stories:Q8_0",
            workers: 2,
            host: "127.0.0.1",
            port,
            ...optional
        });
        expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);

        let health: Response | undefined;
        for (let tries = 0; tries < 200 && health?.ok !== true; tries++) {
            health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
            if (health?.ok !== true) await Bun.sleep(100);
        }
        expect(((await health!.json()) as { workers: { total: number } }).workers.total).toBe(2);
        terminal.send("C-c");
        expect(await exitCode()).toBe(0);
    }, 90_000);

    test("another model by URL; Ctrl-C at a step after the download leaves no config", async () => {
        const terminal = startCli(["setup"]);
        await terminal.waitFor("A URL or a Hugging Face file");
        terminal.send("Up", "Enter");
        await terminal.waitFor("An http(s) URL of a .gguf file");
        terminal.send(`${modelServer.url}/files/stories260K.gguf`, "Enter");
        await terminal.waitFor(`Model ready: ${modelServer.url}/files/stories260K.gguf`);
        expect(fs.existsSync(path.join(home, ".local", "share", "local-swarm", "models", "url", "127.0.0.1", "stories260K.gguf"))).toBe(true);
        await terminal.waitFor("How many workers?");
        terminal.send("C-c");
        await terminal.waitFor("Setup cancelled");
        expect(await exitCode()).toBe(130);
        expect(fs.existsSync(configFile)).toBe(false);
        const dir = path.dirname(configFile);
        expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
    }, 60_000);

    test("Ctrl-C during a download that hangs leaves no config", async () => {
        const terminal = startCli(["setup"]);
        await terminal.waitFor("A URL or a Hugging Face file");
        terminal.send("Up", "Enter");
        await terminal.waitFor("An http(s) URL of a .gguf file");
        terminal.send(`${modelServer.url}/stall/stories260K.gguf`, "Enter");
        await terminal.waitFor("Ctrl-C cancels");
        terminal.send("C-c");
        await terminal.waitFor("Setup cancelled");
        expect(await exitCode()).toBe(130);
        const dir = path.dirname(configFile);
        expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
    }, 60_000);

    test("re-running setup keeps the other settings; a network address gets a generated API key", async () => {
        fs.mkdirSync(path.dirname(configFile), { recursive: true });
        fs.writeFileSync(configFile, JSON.stringify({ temperature: 0.5, workers: 5 }));

        const terminal = startCli(["setup"]);
        await takeTheRecommendedModel(terminal);
        await terminal.waitFor("How many workers?");
        terminal.send("BSpace", "3", "Enter");
        await terminal.waitFor("Who may use the API?");
        terminal.send("Down", "Enter");
        await terminal.waitFor("Port");
        terminal.send("Enter");
        const optional = await answerFederationAndTools(terminal, true, true);
        await terminal.waitFor("Write the config to");
        terminal.send("Enter");
        await terminal.waitFor("No background service is offered");
        await terminal.waitFor("Start serving now?");
        terminal.send("Right", "Enter");
        expect(await exitCode()).toBe(0);

        const config = JSON.parse(fs.readFileSync(configFile, "utf8")) as Record<string, unknown>;
        expect(config).toMatchObject({ temperature: 0.5, workers: 3, model: "tiny-stories:Q8_0", host: "0.0.0.0", port: 8000, ...optional });
        expect(config.apiKey).toMatch(/^ls-[\w-]{32}$/);
        expect(terminal.screen().replace(/\s+/g, "")).toContain(`Authorization:Bearer${config.apiKey as string}`);
    }, 60_000);
});

describe("setup with no route to Hugging Face", () => {
    /** An endpoint where nothing listens, as Hugging Face is from an offline machine. */
    const unreachable = () => `http://127.0.0.1:${freePort()}`;

    test("the failure is said in words; try again keeps the choice; a mistyped path is asked again; ~/Downloads works", async () => {
        const downloads = path.join(home, "Downloads");
        fs.mkdirSync(downloads);
        fs.copyFileSync(await testModelPath(), path.join(downloads, "stories260K.gguf"));
        const terminal = startCli(["setup"], unreachable());
        // The file in ~/Downloads is offered in the list, with its size and where it was found.
        await terminal.waitFor(/stories260K\.gguf · [\d.]+ [kM]B, in ~\/Downloads/);
        // Every catalog entry says its download size and whether it fits this machine.
        expect(await terminal.waitFor("A model file on this machine")).toMatch(/Qwen3 0\.6B Q\w+ · [\d.]+ [MG]B download, fits/);
        await takeTheRecommendedModelOffline(terminal);
        terminal.send("Enter");
        await terminal.waitFor(/Fetching tiny-stories:Q8_0[\s\S]*Fetching tiny-stories:Q8_0[\s\S]*What now\?/);
        terminal.send("Down", "Enter");
        await terminal.waitFor("Path to the .gguf file");
        terminal.send("~/Downloads/nope.gguf", "Enter");
        await terminal.waitFor(`there is no file at ${path.join(downloads, "nope.gguf")}`);
        terminal.send(...Array<string>("nope.gguf".length).fill("BSpace"), "stories260K.gguf", "Enter");
        await terminal.waitFor(`Checking ${path.join(downloads, "stories260K.gguf")}`);
        await terminal.waitFor(`Model ready: ${path.join(downloads, "stories260K.gguf")}`);
        await terminal.waitFor("How many workers?");
        terminal.send("C-c");
        expect(await exitCode()).toBe(130);
    }, 60_000);

    test("a Hugging Face mirror offered after the failure downloads the model and is kept in the config", async () => {
        const terminal = startCli(["setup"], unreachable());
        await takeTheRecommendedModelOffline(terminal);
        terminal.send("Down", "Down", "Enter");
        await terminal.waitFor("Address of the Hugging Face mirror");
        terminal.send(modelServer.url, "Enter");
        await terminal.waitFor(`Fetching tiny-stories:Q8_0 from ${modelServer.url}`);
        await terminal.waitFor("Model ready: tiny-stories:Q8_0");
        await terminal.waitFor("How many workers?");
        terminal.send("Enter");
        await terminal.waitFor("Who may use the API?");
        terminal.send("Enter");
        await terminal.waitFor("Port");
        terminal.send("Enter");
        await answerFederationAndTools(terminal, false, false);
        await terminal.waitFor("Write the config to");
        terminal.send("Enter");
        await terminal.waitFor("Start serving now?");
        terminal.send("Right", "Enter");
        expect(await exitCode()).toBe(0);
        expect(JSON.parse(fs.readFileSync(configFile, "utf8"))).toMatchObject({ model: "tiny-stories:Q8_0", hfEndpoint: modelServer.url });
    }, 60_000);

    /** Picks the recommended model, sees the download fail in words and the next steps offered. */
    async function takeTheRecommendedModelOffline(terminal: TmuxSession): Promise<void> {
        await terminal.waitFor("Tiny Stories 260K Q8_0 (recommended)");
        terminal.send("Enter");
        await terminal.waitFor(/Cannot download from 127\.0\.0\.1:\d+: there is no route to it, or nothing answers there/);
        const screen = await terminal.waitFor("What now?");
        for (const step of ["Try again", "Use a model file on this machine", "Download it through a Hugging Face mirror", "Choose another model"])
            expect(screen).toContain(step);
    }
});

describe("setup again", () => {
    test("starts from the current config: Enter at every step writes it back unchanged", async () => {
        const model = path.join(work, "model.gguf");
        fs.copyFileSync(await testModelPath(), model);
        const current = {
            model, workers: 3, host: "0.0.0.0", port: 8123, apiKey: "ls-the-key-from-before", temperature: 0.4,
            ...(hasSetting("federation") ? { federation: false } : {}), ...(hasSetting("tools") ? { tools: true } : {})
        };
        fs.mkdirSync(path.dirname(configFile), { recursive: true });
        fs.writeFileSync(configFile, JSON.stringify(current));
        const terminal = startCli(["setup"]);
        await terminal.waitFor(`${model} (current)`);
        terminal.send("Enter");
        await terminal.waitFor(`Model ready: ${model}`);
        for (const step of ["How many workers?", "Who may use the API?", "Port", ...(hasSetting("federation") ? ["(federation)?"] : []),
            ...(hasSetting("tools") ? ["Let the models use tools"] : []), "Write the config to"]) {
            await terminal.waitFor(step);
            terminal.send("Enter");
        }
        await terminal.waitFor("Start serving now?");
        terminal.send("Right", "Enter");
        expect(await exitCode()).toBe(0);
        expect(JSON.parse(fs.readFileSync(configFile, "utf8"))).toEqual(current);
    }, 60_000);
});

describe("without a terminal", () => {
    test("a config and no command: the program alone serves it and says how to change it", async () => {
        const port = freePort();
        fs.mkdirSync(path.dirname(configFile), { recursive: true });
        fs.writeFileSync(configFile, JSON.stringify({ model: await testModelPath(), workers: 1, threads: 1, port }));
        const child = Bun.spawn([process.execPath, main], { env: { HOME: home, PATH: process.env.PATH ?? "" }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
        try {
            let health: Response | undefined;
            for (let tries = 0; tries < 300 && health?.ok !== true; tries++) {
                health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
                if (health?.ok !== true) await Bun.sleep(100);
            }
            expect(health?.status).toBe(200);
        } finally {
            child.kill("SIGTERM");
        }
        const [stderr, code] = await Promise.all([new Response(child.stderr).text(), child.exited]);
        expect(stderr).toContain(`local-swarm: serving with ${configFile}; change it with \`local-swarm setup\``);
        expect(code).toBe(0);
    }, 60_000);

    test("no config and no terminal: a message naming the flags, exit 2", async () => {
        const child = Bun.spawn([process.execPath, main], { env: { HOME: home, PATH: process.env.PATH ?? "" }, stdin: "pipe", stdout: "pipe", stderr: "pipe" });
        child.stdin.end();
        const [stderr, code] = await Promise.all([new Response(child.stderr).text(), child.exited]);
        expect(code).toBe(2);
        expect(stderr).toContain("local-swarm setup");
        expect(stderr).toContain("--model");
        expect(stderr).toContain(configFile);
        expect(fs.existsSync(configFile)).toBe(false);
    }, 30_000);
});
