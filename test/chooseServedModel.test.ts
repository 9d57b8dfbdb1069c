import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, InsufficientMemoryError } from "../src/errors.ts";
import type { HardwareReport } from "../src/hardware/index.ts";
import { chooseServedModel, sha256File } from "../src/models/index.ts";
import { startModelServer, type ModelServer } from "./support/modelServer.ts";
import { testModelPath } from "./support/testModel.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-served-"));
const catalogFile = path.join(dir, "catalog.json");
let server: ModelServer;

/** A machine with this much RAM and no GPU. */
function machine(ramBytes: number): HardwareReport {
    return {
        platform: "linux",
        arch: "x64",
        cpu: { model: "test", physicalCores: 2, logicalCores: 2, availableCores: 2 },
        memory: { totalBytes: ramBytes, availableBytes: ramBytes },
        gpus: [],
        notes: []
    };
}

beforeAll(async () => {
    const model = await testModelPath();
    server = await startModelServer(model, await sha256File(model));
    fs.writeFileSync(catalogFile, JSON.stringify({
        models: [{ id: "tiny-stories", name: "Tiny Stories 260K", family: "llama", parameters: 260000, license: "mit", priority: 0, contextLength: 2048, kvBytesPerToken: 2560, repo: "ggml-org/tiny-llamas", file: "stories260K.gguf", quants: ["Q8_0"] }]
    }));
});

afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
});

const common = () => ({ workers: 3, contextSize: 256, catalogFile, hfEndpoint: server.url, stallTimeoutMs: 10_000, modelsDir: path.join(dir, "models") });

describe("chooseServedModel", () => {
    test("a model file is served as it is, with its fit from the GGUF", async () => {
        const modelPath = await testModelPath();
        const served = await chooseServedModel({ ...common(), model: modelPath, report: machine(16e9) });
        expect(served).toMatchObject({ path: modelPath, fits: true });
        expect(served.explanation).toMatch(/^stories260K\.gguf × 3 workers: [\d.]+ MB of 12\.0 GB \(16\.0 GB RAM − 4 GB for the system\)$/);
    });

    test("a model that cannot fit in the machine's RAM at all is refused before it is loaded, with the figures", async () => {
        const attempt = chooseServedModel({ ...common(), model: await testModelPath(), workers: 64, contextSize: 2048, report: machine(4e6) });
        await expect(attempt).rejects.toBeInstanceOf(InsufficientMemoryError);
        await expect(attempt).rejects.toThrow(/^Refusing to load the model: stories260K\.gguf needs about [\d.]+ MB with 64 worker\(s\) but the budget is 2\.0 MB.* Its weights and contexts alone take [\d.]+ MB, more than all 4\.0 MB of this machine's RAM\.$/);
    });

    test("with no worker count set, as many workers as fit, up to the selector's maximum", async () => {
        const modelPath = await testModelPath();
        const { workers: _fixed, ...auto } = common();
        expect(await chooseServedModel({ ...auto, model: modelPath, report: machine(16e9) })).toMatchObject({ workers: 3, fits: true });
    });

    test("a file the budget cannot hold is still served, with a warning", async () => {
        const modelPath = await testModelPath();
        const served = await chooseServedModel({ ...common(), model: modelPath, report: machine(100e6) });
        expect(served).toMatchObject({ path: modelPath, workers: 3, fits: false });
        expect(served.explanation).toContain("Serving it anyway with 3 workers.");
    });

    test("a missing file is a config error, not a download", async () => {
        await expect(chooseServedModel({ ...common(), model: "./no/such/model.gguf", report: machine(16e9) })).rejects.toThrow(ConfigError);
    });

    test("with no model set, the catalog model that fits is downloaded and served", async () => {
        // 1.6 GB of RAM: no built-in model fits its 0.8 GB budget with 3 workers, the tiny one does.
        const announced: string[] = [];
        const served = await chooseServedModel({ ...common(), report: machine(1.6e9), onDownload: (source) => announced.push(source.label) });
        expect(served.path).toBe(path.join(dir, "models", "hf", "ggml-org", "tiny-llamas", "stories260K.gguf"));
        expect(served.explanation).toMatch(/^Tiny Stories 260K Q8_0 × 3 workers: /);
        expect(announced).toEqual(["Tiny Stories 260K Q8_0"]);
        expect(await sha256File(served.path)).toBe(await sha256File(await testModelPath()));
        expect(served.contextSize).toBe(256);
        const again: string[] = [];
        await chooseServedModel({ ...common(), report: machine(1.6e9), onDownload: (source) => again.push(source.label) });
        expect(again).toEqual([]);
    });

    test("a thinking model chosen for this machine gets contexts with room to think", async () => {
        const thinkingCatalog = path.join(dir, "thinking-catalog.json");
        const tiny = JSON.parse(fs.readFileSync(catalogFile, "utf8")).models[0];
        fs.writeFileSync(thinkingCatalog, JSON.stringify({ models: [{ ...tiny, thinking: "switchable" }] }));
        const served = await chooseServedModel({ ...common(), catalogFile: thinkingCatalog, report: machine(1.6e9) });
        // The setting asks for 256 tokens; the model was trained for 2048, all of which it gets to think in.
        expect(served.contextSize).toBe(2048);
        expect(served.explanation).toContain("thinks before it answers");
    });
});
