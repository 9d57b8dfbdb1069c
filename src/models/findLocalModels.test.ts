import { afterAll, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findLocalModels } from "./findLocalModels.ts";

const home = fs.mkdtempSync(path.join(os.tmpdir(), "find-local-models-"));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const gguf = (file: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.concat([Buffer.from("GGUF"), Buffer.alloc(60)]));
};

test("finds GGUF files in the current folder, ~/Downloads, LM Studio's folders and Ollama's store, by content", () => {
    const cwd = path.join(home, "project");
    gguf(path.join(cwd, "here.gguf"));
    gguf(path.join(home, "Downloads", "qwen.Q4_K_M.gguf"));
    fs.writeFileSync(path.join(home, "Downloads", "fake.gguf"), "not a model");
    gguf(path.join(home, ".lmstudio", "models", "lmstudio-community", "Llama-3.2-1B-GGUF", "Llama-3.2-1B-Q4_K_M.gguf"));
    const digest = "a".repeat(64);
    gguf(path.join(home, ".ollama", "models", "blobs", `sha256-${digest}`));
    const manifest = path.join(home, ".ollama", "models", "manifests", "registry.ollama.ai", "library", "llama3.2", "1b");
    fs.mkdirSync(path.dirname(manifest), { recursive: true });
    fs.writeFileSync(manifest, JSON.stringify({ layers: [{ mediaType: "application/vnd.ollama.image.license", digest: `sha256:${"b".repeat(64)}` },
        { mediaType: "application/vnd.ollama.image.model", digest: `sha256:${digest}` }] }));

    const found = findLocalModels({ home, cwd });
    expect(found.map(({ name, where }) => `${where}: ${name}`).sort()).toEqual([
        "LM Studio: Llama-3.2-1B-Q4_K_M.gguf", "Ollama: llama3.2:1b", "this folder: here.gguf", "~/Downloads: qwen.Q4_K_M.gguf"]);
    expect(found.every((model) => model.bytes === 64)).toBe(true);
});

test("missing folders are no error", () => {
    expect(findLocalModels({ home: path.join(home, "nobody"), cwd: path.join(home, "nowhere") })).toEqual([]);
});
