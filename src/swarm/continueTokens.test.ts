import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { getLlama, type Llama, type LlamaContext, type LlamaModel, type Token } from "node-llama-cpp";
import { testModelPath } from "../../test/support/testModel.ts";
import { llamaThreads } from "../hardware/index.ts";
import { continueTokens, type ContinueOptions } from "./continueTokens.ts";

describe("continueTokens on the test model", () => {
    let llama: Llama;
    let model: LlamaModel;
    let context: LlamaContext;
    let prompt: Token[];
    const options = (overrides: Partial<ContinueOptions> = {}): ContinueOptions => ({
        maxTokens: 60,
        temperature: 0,
        seed: 1,
        signal: new AbortController().signal,
        stops: [],
        boundaries: [],
        endTokens: new Set(),
        ...overrides
    });
    /** A fresh sequence each time, so no test sees another's state. */
    const run = async (answer: readonly Token[], overrides: Partial<ContinueOptions> = {}) => {
        const sequence = context.getSequence();
        try {
            const streamed: string[] = [];
            const result = await continueTokens(sequence, prompt, answer, options({ onText: (text) => streamed.push(text), ...overrides }));
            return { ...result, streamed: streamed.join("") };
        } finally {
            sequence.dispose();
        }
    };

    beforeAll(async () => {
        llama = await getLlama({ gpu: false, build: "never", maxThreads: llamaThreads(0) });
        model = await llama.loadModel({ modelPath: await testModelPath() });
        context = await model.createContext({ sequences: 1, contextSize: 512, threads: llamaThreads(0) });
        prompt = model.tokenize("Once upon a time, there was a little girl named Lily.", true);
    });
    afterAll(async () => {
        await context.dispose();
        await model.dispose();
        await llama.dispose();
    });

    test("the text is what its tokens spell, streamed as it comes, and maxTokens ends it", async () => {
        const result = await run([], { maxTokens: 40 });
        expect(result.ending).toBe("length");
        expect(result.tokens.length).toBe(40);
        expect(result.text.length).toBeGreaterThan(0);
        expect(result.streamed).toBe(result.text);
        expect(model.detokenize(result.tokens)).toBe(result.text);
    });

    test("a continuation of part of the tokens reads on from their text, its first space included", async () => {
        const whole = await run([], { maxTokens: 40 });
        const given = whole.tokens.slice(0, 17);
        const rest = await run(given, { maxTokens: 23 });
        expect(rest.tokens.length).toBe(23);
        // Detokenised alone, a first token loses its leading space; after the given tokens it keeps it.
        expect(model.detokenize(given) + rest.text).toBe(model.detokenize([...given, ...rest.tokens]));
        expect(rest.streamed).toBe(rest.text);
    });

    test("a stop string ends the answer before it, and no part of it is ever streamed", async () => {
        const whole = await run([], { maxTokens: 40 });
        // A stop string that starts in one token and ends in a later one.
        const words = whole.text.split(" ").filter((word) => word.length > 0);
        const stop = `${words[3]} ${words[4]}`;
        const result = await run([], { maxTokens: 40, stops: [stop] });
        expect(result.ending).toBe("stop");
        expect(result.text).toBe(whole.text.slice(0, whole.text.indexOf(stop)));
        expect(result.streamed).toBe(result.text);
    });

    test("a boundary ends the continuation with the whole token that held it", async () => {
        const whole = await run([], { maxTokens: 60 });
        const boundary = whole.text.includes(".") ? "." : " ";
        const result = await run([], { maxTokens: 60, boundaries: [boundary] });
        expect(result.ending).toBe("boundary");
        expect(result.boundary).toBe(boundary);
        expect(result.text).toBe(model.detokenize(result.tokens));
        expect(whole.text.startsWith(result.text)).toBe(true);
        expect(result.text.slice(0, -model.detokenize(result.tokens.slice(-1)).length)).not.toContain(boundary);
    });

    test("a boundary that may begin a stop string does not end the continuation: the stop is found whole", async () => {
        const whole = await run([], { maxTokens: 60 });
        const at = whole.text.indexOf(".");
        expect(at).toBeGreaterThan(0);
        const stop = whole.text.slice(at, at + 5);
        const result = await run([], { maxTokens: 60, boundaries: ["."], stops: [stop] });
        expect(result.ending).toBe("stop");
        expect(result.text).toBe(whole.text.slice(0, at));
        // And where the text goes past the stop's start without matching it, the boundary still ends it.
        const passed = await run([], { maxTokens: 60, boundaries: ["."], stops: [`${whole.text.slice(at, at + 2)}\u0000`] });
        expect(passed.ending).toBe("boundary");
        expect(passed.text.length).toBeGreaterThan(at);
        expect(whole.text.startsWith(passed.text)).toBe(true);
    });

    test("a turn-ending token ends the answer and is not part of it", async () => {
        const whole = await run([], { maxTokens: 20 });
        const end = whole.tokens[5]!;
        const result = await run([], { maxTokens: 20, endTokens: new Set([end]) });
        expect(result.ending).toBe("end");
        expect(result.tokens).toEqual(whole.tokens.slice(0, 5));
    });

    test("an aborted signal rejects with its reason", async () => {
        const controller = new AbortController();
        controller.abort(new Error("gone"));
        expect(run([], { signal: controller.signal })).rejects.toThrow("gone");
    });
});
