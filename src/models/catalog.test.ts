import { afterAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import { catalogFileName, loadCatalog, parsePublishedSize } from "./catalog.ts";

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
        const qwen = catalog.models.find((model) => model.id === "qwen3-8b");
        expect(qwen != null && catalogFileName(qwen, "Q4_K_M")).toBe("Qwen_Qwen3-8B-Q4_K_M.gguf");
    });

    test("every built-in entry says where its facts come from, what it is, and what could not be checked", () => {
        const { models } = loadCatalog();
        for (const model of models) {
            expect(model.sources?.card).toMatch(/^https:\/\/huggingface\.co\/[\w.-]+\/[\w.-]+$/);
            expect(model.sources?.files).toBe(`https://huggingface.co/${model.repo}`);
            for (const quant of Object.keys(model.sizes ?? {})) expect(model.quants).toContain(quant);
            // A quantization without a recorded size says so.
            const unchecked = model.unverified ?? [];
            for (const quant of model.quants)
                if (model.sizes?.[quant] == null) expect(unchecked.includes("sizes") || unchecked.includes(`sizes.${quant}`)).toBe(true);
        }
        // Today's families, phones to big GPUs, thinking and not.
        for (const id of ["qwen3-0.6b", "qwen3-1.7b", "qwen3-4b", "qwen3-8b", "qwen3-14b", "qwen3-32b", "qwen3-30b-a3b", "gpt-oss-20b", "gemma-3-1b-it", "gemma-3-4b-it", "gemma-3-12b-it", "gemma-3-27b-it"])
            expect(models.map((model) => model.id)).toContain(id);
        expect(models.find((model) => model.id === "qwen3-30b-a3b")).toMatchObject({ thinking: "switchable", parameters: 30.5e9, activeParameters: 3.3e9 });
        expect(models.find((model) => model.id === "gpt-oss-20b")).toMatchObject({ thinking: "always", activeParameters: 3.6e9 });
        expect(models.filter((model) => model.thinking === "none").length).toBeGreaterThanOrEqual(4);
    });

    test("published sizes are read with the precision they are given in", () => {
        expect(parsePublishedSize("2.50 GB")).toEqual({ text: "2.50 GB", bytes: 2.5e9, tolerance: 5e6 });
        expect(parsePublishedSize("12.1 GB")).toEqual({ text: "12.1 GB", bytes: 12.1e9, tolerance: 5e7 });
        expect(parsePublishedSize("851 MB")).toEqual({ text: "851 MB", bytes: 851e6, tolerance: 5e5 });
        expect(parsePublishedSize("about 2 GB")).toBeUndefined();
    });

    test("a user file adds models and replaces built-in ones with the same id", () => {
        const file = userCatalog({ models: [tiny, { ...tiny, id: "qwen3-8b", name: "My Qwen" }] });
        const catalog = loadCatalog(file);
        expect(catalog.models.find((model) => model.id === "tiny-stories")).toMatchObject({ repo: "ggml-org/tiny-llamas", thinking: "none" });
        expect(catalog.models.filter((model) => model.id === "qwen3-8b").map((model) => model.name)).toEqual(["My Qwen"]);
    });

    test("a bad user file is a clear config error", () => {
        expect(() => loadCatalog(path.join(dir, "missing.json"))).toThrow(ConfigError);
        expect(() => loadCatalog(userCatalog("{ not json"))).toThrow(/not valid JSON/);
        expect(() => loadCatalog(userCatalog({ model: [] }))).toThrow(/must be an object with a "models" list/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, repo: "no-slash" }] }))).toThrow(/"repo" must be "org\/name"/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, file: "../../etc/passwd.gguf" }] }))).toThrow(/"file" must be a .gguf file name/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, parameters: -1 }] }))).toThrow(/"parameters" must be a positive number/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, thinking: "sometimes" }] }))).toThrow(/"thinking" must be one of switchable, always, none/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, activeParameters: 1e9 }] }))).toThrow(/"activeParameters" must be a positive number no larger than "parameters"/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, sizes: { F32: "big" } }] }))).toThrow(/"sizes.F32" must be a size such as "2.50 GB"/);
        expect(() => loadCatalog(userCatalog({ models: [{ ...tiny, sources: { card: "ftp://x", files: "https://y" } }] }))).toThrow(/"sources.card" must be an https URL/);
    });
});
