import { afterAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import { catalogFileName, loadCatalog } from "./catalog.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-catalog-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function userCatalog(content: unknown): string {
    const file = path.join(dir, `catalog-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
}

const tiny = {
    id: "tiny-stories",
    name: "Tiny Stories 260K",
    family: "llama",
    parameters: 260_000,
    license: "mit",
    priority: 1,
    contextLength: 2048,
    kvBytesPerToken: 2560,
    repo: "ggml-org/tiny-llamas",
    file: "stories260K.gguf",
    quants: ["F32"]
};

describe("catalog", () => {
    test("the built-in catalog is valid, with unique ids and known quantizations", () => {
        const catalog = loadCatalog();
        expect(catalog.models.length).toBeGreaterThan(5);
        expect(new Set(catalog.models.map((model) => model.id)).size).toBe(catalog.models.length);
        for (const model of catalog.models) for (const quant of model.quants) expect(catalog.bitsPerWeight[quant]).toBeGreaterThan(0);
        const qwen = catalog.models.find((model) => model.id === "qwen2.5-7b-instruct");
        expect(qwen != null && catalogFileName(qwen, "Q4_K_M")).toBe("Qwen2.5-7B-Instruct-Q4_K_M.gguf");
    });

    test("a user file adds models and replaces built-in ones with the same id", () => {
        const file = userCatalog({ models: [tiny, { ...tiny, id: "qwen2.5-7b-instruct", name: "My Qwen" }] });
        const catalog = loadCatalog(file);
        expect(catalog.models.find((model) => model.id === "tiny-stories")?.repo).toBe("ggml-org/tiny-llamas");
        expect(catalog.models.filter((model) => model.id === "qwen2.5-7b-instruct").map((model) => model.name)).toEqual(["My Qwen"]);
    });

    test("a bad user file is a clear config error", () => {
        expect(() => loadCatalog(path.join(dir, "missing.json"))).toThrow(ConfigError);
        expect(() => loadCatalog(userCatalog("{ not json"))).toThrow(/not valid JSON/);
        expect(() => loadCatalog(userCatalog({ model: [] }))).toThrow(/must be an object with a "models" list/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, repo: "no-slash" }] }))).toThrow(/"repo" must be "org\/name"/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, file: "../../etc/passwd.gguf" }] }))).toThrow(/"file" must be a .gguf file name/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, parameters: -1 }] }))).toThrow(/"parameters" must be a positive number/);
    });
});
