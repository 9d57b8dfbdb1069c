import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InvalidRequestError } from "../errors.ts";
import { loadCatalog } from "./catalog.ts";
import { removeStoredModel, storedModelPath } from "./modelStore.ts";
import { resolveModelRef, type ModelSource } from "./resolveModelRef.ts";

const dir = path.join(os.tmpdir(), "local-swarm-store-test", "models");
const source = (relativePath: string): ModelSource => ({ url: "https://example.com/x.gguf", relativePath, huggingFace: false, label: "x" });

describe("model names never become paths outside the models directory", () => {
    test("plain names map inside the directory", () => {
        expect(storedModelPath(dir, source("hf/org/repo/model.gguf"))).toBe(path.join(dir, "hf", "org", "repo", "model.gguf"));
    });

    test("traversal, absolute paths, separators and odd characters are refused", () => {
        for (const relativePath of ["hf/../../etc/passwd.gguf", "../x.gguf", "./x.gguf", "/etc/x.gguf", "hf//x.gguf", "hf/a\\..\\..\\x.gguf", "hf/a\u0000/x.gguf", "hf/a b/x.gguf", "C:/x.gguf", ""])
            expect(() => storedModelPath(dir, source(relativePath))).toThrow(InvalidRequestError);
    });

    test("a hostile catalog file cannot steer a download or a removal out of the directory", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-catalog-")), "catalog.json");
        const model = { name: "Evil", family: "x", parameters: 1, license: "x", contextLength: 1, kvBytesPerToken: 1, file: "m-{quant}.gguf", quants: ["Q4_K_M"] };
        fs.writeFileSync(file, JSON.stringify({ models: [
            { ...model, id: "up", repo: "../.." },
            { ...model, id: "quant", repo: "org/repo", quants: ["/../../../../tmp/owned"] }
        ] }));
        const catalog = loadCatalog(file);
        for (const ref of ["up", "quant"]) {
            const resolved = resolveModelRef(ref, { catalog, hfEndpoint: "https://huggingface.co" });
            expect(() => storedModelPath(dir, resolved)).toThrow(InvalidRequestError);
            expect(() => removeStoredModel(dir, resolved)).toThrow(InvalidRequestError);
        }
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    test("a URL on an IPv6 host still gets a plain folder name", () => {
        const resolved = resolveModelRef("http://[::1]:8080/m.gguf", { catalog: loadCatalog(), hfEndpoint: "https://huggingface.co" });
        expect(storedModelPath(dir, resolved)).toBe(path.join(dir, "url", "___1_", "m.gguf"));
    });
});
