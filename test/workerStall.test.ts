import { describe, expect, test } from "bun:test";
import type { EngineGenerateOptions, EngineGeneration, InferenceEngine } from "../src/swarm/index.ts";
import { LlamaEngine, Swarm } from "../src/swarm/index.ts";
import { testModelPath } from "./support/testModel.ts";

/**
 * An engine whose slots answer "a b c" token by token, except the slots told to hang: those never
 * produce a token and ignore their abort signal, the worst a stuck native call could do.
 */
class HangingEngine implements InferenceEngine {
    readonly modelId = "scripted";
    readonly slots = 3;
    readonly contextSize = 1000;
    readonly recycled: number[] = [];
    readonly hanging = new Set<number>();
    readonly infill = false;

    countPromptTokens(): number {
        return 1;
    }

    countTextTokens(): number {
        return 1;
    }

    async prepareFormat(): Promise<void> {}

    async generate(slot: number, _messages: unknown, options: EngineGenerateOptions): Promise<EngineGeneration> {
        if (this.hanging.has(slot)) return new Promise(() => undefined);
        for (const word of ["a", "b", "c"]) {
            await Bun.sleep(5);
            options.onProgress?.();
            options.onText?.(`${word} `);
        }
        return { text: "a b c", tokens: 3, finishReason: "stop" };
    }

    complete(slot: number, _prompt: unknown, options: EngineGenerateOptions): Promise<EngineGeneration> {
        return this.generate(slot, undefined, options);
    }

    async recycle(slot: number): Promise<void> {
        this.recycled.push(slot);
        this.hanging.delete(slot);
    }

    async dispose(): Promise<void> {}
}

const request = { messages: [{ role: "user" as const, content: "go" }], params: { maxTokens: 8 } };

function swarmOn(engine: InferenceEngine) {
    return new Swarm({ engine, queueSize: 2, strategy: "auto", defaultTemperature: 0.7, temperatureSpread: 0.3, requestTimeoutMs: 30_000, stallTimeoutMs: 300 });
}

describe("a worker that stops making progress", () => {
    test("is stopped after the stall timeout, its slot recycled, and the others still vote", async () => {
        const engine = new HangingEngine();
        engine.hanging.add(1);
        const swarm = swarmOn(engine);
        const started = performance.now();
        const result = await swarm.run(request);
        const elapsed = performance.now() - started;
        expect(result.candidates[1]).toMatchObject({ worker: "w1", finishReason: "error" });
        expect(result.candidates[1]?.error).toContain("no token");
        expect(result.candidates.filter((candidate) => candidate.finishReason === "stop")).toHaveLength(2);
        expect(engine.recycled).toEqual([1]);
        expect(swarm.status().workers.every((worker) => !worker.busy)).toBe(true);
        console.log(`stalled worker detected and recycled; request answered in ${Math.round(elapsed)} ms (stall timeout 300 ms)`);
        expect(elapsed).toBeLessThan(5000);

        const next = await swarm.run(request);
        expect(next.candidates.every((candidate) => candidate.finishReason === "stop")).toBe(true);
        await swarm.dispose();
    });

    test("when every worker stalls the request fails cleanly and the swarm keeps serving", async () => {
        const engine = new HangingEngine();
        for (let slot = 0; slot < engine.slots; slot++) engine.hanging.add(slot);
        const swarm = swarmOn(engine);
        await expect(swarm.run(request)).rejects.toThrow(/every worker failed: the worker produced no token/);
        expect(engine.recycled.sort()).toEqual([0, 1, 2]);
        expect(swarm.status()).toMatchObject({ queued: 0 });
        expect((await swarm.run(request)).candidates).toHaveLength(3);
        await swarm.dispose();
    });
});

test("the real engine's recycled slot gets a fresh sequence that generates again", async () => {
    const engine = await LlamaEngine.load({ modelPath: await testModelPath(), slots: 2, threads: 1, contextSize: 256, gpu: "cpu" });
    try {
        const options = { maxTokens: 6, temperature: 0, seed: 1, stop: [], signal: new AbortController().signal };
        const messages = [{ role: "user" as const, content: "Once upon a time" }];
        const before = await engine.generate(0, messages, options);
        await engine.recycle(0);
        const after = await engine.generate(0, messages, options);
        expect(after.text).toBe(before.text);
        expect((await engine.generate(1, messages, options)).tokens).toBeGreaterThan(0);
    } finally {
        await engine.dispose();
    }
});
