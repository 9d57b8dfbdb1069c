import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../errors.ts";
import { loadCatalog } from "./catalog.ts";
import { resolveModelRef } from "./resolveModelRef.ts";

const options = { catalog: loadCatalog(), hfEndpoint: "https://huggingface.co" };

describe("resolveModelRef", () => {
    test("hf: references, subfolders included", () => {
        expect(resolveModelRef("hf:ggml-org/tiny-llamas/stories260K.gguf", options)).toEqual({
            url: "https://huggingface.co/ggml-org/tiny-llamas/resolve/main/stories260K.gguf",
            relativePath: "hf/ggml-org/tiny-llamas/stories260K.gguf",
            huggingFace: true,
            label: "hf:ggml-org/tiny-llamas/stories260K.gguf"
        });
        expect(resolveModelRef("hf:org/repo/Q4_K_M/model.gguf", options).relativePath).toBe("hf/org/repo/Q4_K_M/model.gguf");
    });

    test("the endpoint is a setting (a mirror, or a test server)", () => {
        expect(resolveModelRef("hf:a/b/c.gguf", { ...options, hfEndpoint: "http://127.0.0.1:9999/" }).url).toBe("http://127.0.0.1:9999/a/b/resolve/main/c.gguf");
        expect(() => resolveModelRef("hf:a/b/c.gguf", { ...options, hfEndpoint: "ftp://x" })).toThrow(/not an http\(s\) URL/);
    });

    test("URLs keep their host in the stored path", () => {
        const source = resolveModelRef("https://example.com/files/model-Q4_K_M.gguf?download=1", options);
        expect(source).toMatchObject({ relativePath: "url/example.com/model-Q4_K_M.gguf", huggingFace: false });
    });

    test("catalog names, with or without a quantization", () => {
        expect(resolveModelRef("qwen3-14b", options)).toMatchObject({
            url: "https://huggingface.co/bartowski/Qwen_Qwen3-14B-GGUF/resolve/main/Qwen_Qwen3-14B-Q4_K_M.gguf",
            label: "Qwen3 14B Q4_K_M",
            // The size the GGUF repository's page lists, to check the download against.
            expectedSize: { bytes: 9e9, tolerance: 5e6, text: "9.00 GB", source: "https://huggingface.co/bartowski/Qwen_Qwen3-14B-GGUF" }
        });
        expect(resolveModelRef("qwen3-4b:Q8_0", options).relativePath).toBe("hf/bartowski/Qwen_Qwen3-4B-GGUF/Qwen_Qwen3-4B-Q8_0.gguf");
        expect(resolveModelRef("gpt-oss-20b", options).label).toBe("gpt-oss 20B (MoE) MXFP4");
        // No size recorded (not checked): no size check.
        expect(resolveModelRef("qwen3-0.6b", options).expectedSize).toBeUndefined();
    });

    test("bad references are clear errors", () => {
        for (const ref of ["hf:org/file.gguf", "hf:org/repo/../../etc/passwd.gguf", "hf:org/repo/model.bin", "https://example.com/model.bin", "no-such-model", "qwen3-8b:Q1_X"])
            expect(() => resolveModelRef(ref, options)).toThrow(InvalidRequestError);
    });
});
