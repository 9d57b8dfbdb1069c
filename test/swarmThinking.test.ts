import { describe, expect, test } from "bun:test";
import type { EngineGeneration, InferenceEngine } from "../src/swarm/index.ts";
import { Swarm } from "../src/swarm/index.ts";

/**
 * Scripted workers of a thinking model: each slot's thinking and answer are given, so the vote's
 * rules can be checked against candidates chosen to make the difference show (the real engine's
 * split of thinking from answers is tested through the server in reasoning.test.ts).
 */
class ThinkingEngine implements InferenceEngine {
    readonly modelId = "scripted-thinker";
    readonly contextSize = 1000;
    readonly thinking = { separates: true, canTurnOff: false, alwaysThinks: true, effort: false };
    readonly slots: number;
    readonly infill = false;

    constructor(private readonly script: readonly EngineGeneration[]) {
        this.slots = script.length;
    }

    countPromptTokens(): number {
        return 1;
    }

    countTextTokens(): number {
        return 1;
    }

    async prepareFormat(): Promise<void> {}

    async generate(slot: number): Promise<EngineGeneration> {
        return this.script[slot]!;
    }

    complete(slot: number): Promise<EngineGeneration> {
        return this.generate(slot);
    }

    async recycle(): Promise<void> {}

    async dispose(): Promise<void> {}
}

function thinker(thought: string, text: string, cut = false): EngineGeneration {
    const thoughtTokens = thought.split(" ").length;
    return { thought, text, thoughtTokens, tokens: thoughtTokens + text.split(" ").length, cutWhileThinking: cut, finishReason: cut ? "length" : "stop" };
}

async function run(script: readonly EngineGeneration[], strategy: "similarity" | "answer") {
    const swarm = new Swarm({ engine: new ThinkingEngine(script), queueSize: 1, strategy, defaultTemperature: 0.7, temperatureSpread: 0.3, requestTimeoutMs: 10_000 });
    return await swarm.run({ messages: [{ role: "user", content: "What is 3 + 4?" }], params: { maxTokens: 64 } });
}

const sharedThought = "three plus four is seven but let me check the carry again and again and again carefully";

describe("the vote compares final answers, never the thinking", () => {
    test("similarity: two equal answers win over two equal thoughts", async () => {
        const result = await run([
            thinker(sharedThought, "The answer is 9."),
            thinker(sharedThought, "The answer is 10."),
            thinker("adding gives seven", "The answer is 7."),
            thinker("four and three make seven", "The answer is 7.")
        ], "similarity");
        expect(result.candidates[result.decision.winner]!.text).toBe("The answer is 7.");
    });

    test("answer extraction reads the final answer, not a number in the thinking", async () => {
        const result = await run([
            thinker("maybe 12? no", "7"),
            thinker("maybe 12? no", "7"),
            thinker("7 7 7 7", "12")
        ], "answer");
        expect(result.decision.answer).toBe("7");
    });

    test("a worker cut off while thinking does not vote", async () => {
        const result = await run([
            thinker("the answer is plainly 12 12 12", "", true),
            thinker("the answer is plainly 12 12 12", "", true),
            thinker("quick sum", "7")
        ], "answer");
        expect(result.decision.answer).toBe("7");
        expect(result.decision.used).toBe(1);
        expect(result.decision.scores[0]).toBeNaN();
        expect(result.decision.scores[1]).toBeNaN();
    });

    test("when every worker was cut off while thinking, the answer is empty and the longest thinking is shown", async () => {
        const result = await run([
            thinker("short", "", true),
            thinker("a much longer line of thought", "", true)
        ], "similarity");
        expect(result.decision.winner).toBe(1);
        expect(result.decision.abstain).toBe(true);
        expect(result.decision.reason).toContain("no worker finished thinking within 64 tokens");
        expect(result.candidates[1]!.text).toBe("");
    });
});
