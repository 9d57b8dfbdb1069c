import { afterAll, describe, expect, test } from "bun:test";
import { createCodeRunner } from "../../src/execution/index.ts";
import type { ChatMessage, EngineGenerateOptions, EngineGeneration, InferenceEngine, TextPrompt } from "../../src/swarm/index.ts";
import { Swarm, textRequest } from "../../src/swarm/index.ts";

const fence = (code: string) => "Here is the function:\n```python\n" + code + "```\n";
const right = "def is_even(n):\n    return n % 2 == 0\n";
const alsoRight = "def is_even(n):\n    return not n % 2\n";
const wrong = "def is_even(n):\n    return n % 2 == 1\n";
const broken = "def is_even(n) return True\n";

/**
 * Scripted workers (the test model cannot write code): each slot answers the request with its
 * program, and the test-writing prompt with a few assertions, one of them not Python at all.
 */
class CodeEngine implements InferenceEngine {
    readonly modelId = "scripted";
    readonly slots = 4;
    readonly contextSize = 4096;
    readonly prompts: string[] = [];
    readonly infill = false;
    readonly programs = [wrong, right, alsoRight, broken];

    countPromptTokens(): number {
        return 1;
    }

    countTextTokens(): number {
        return 1;
    }

    /** A completion of the prompt: each slot's program without its first line (the prompt). */
    async complete(slot: number, _prompt: TextPrompt): Promise<EngineGeneration> {
        return { text: this.programs[slot]!.split("\n").slice(1).join("\n"), tokens: 10, finishReason: "stop" };
    }

    async prepareFormat(): Promise<void> {}

    async generate(slot: number, messages: readonly ChatMessage[], options: EngineGenerateOptions): Promise<EngineGeneration> {
        const prompt = messages.at(-1)!.content;
        this.prompts.push(prompt);
        options.onProgress?.();
        const text = prompt.startsWith("Write tests")
            ? ["assert is_even(2)", "assert not is_even(3)", slot === 0 ? "assert is_even(4) ==" : "assert is_even(0)"].join("\n")
            : fence(this.programs[slot]!);
        return { text, tokens: 10, finishReason: "stop" };
    }

    async recycle(): Promise<void> {}

    async dispose(): Promise<void> {}
}

const code = await createCodeRunner({ executeCode: true, executeTimeout: 10, executeTestTimeout: 1, executeMemory: 512 });

afterAll(() => code.dispose());

function swarmOn(engine: InferenceEngine, executeCode = true) {
    return new Swarm({ engine, queueSize: 2, strategy: "auto", defaultTemperature: 0.7, temperatureSpread: 0.3, requestTimeoutMs: 60_000, ...(executeCode ? { runCode: code.runner! } : {}) });
}

const request = { messages: [{ role: "user" as const, content: "Write a Python function is_even(n)." }], params: { maxTokens: 64 } };

describe("the swarm checks code answers by running them", () => {
    test("auto runs the code against tests the workers wrote; the group passing the most wins", async () => {
        const engine = new CodeEngine();
        const result = await swarmOn(engine).run(request);
        const { decision } = result;
        expect(decision.strategy).toBe("execution");
        // Written: is_even(2), not is_even(3), is_even(0); the unparsable one is dropped.
        expect(decision.execution).toMatchObject({ language: "python", tests: 3, dropped: 1, passes: [0, 3, 3, 0], statuses: ["ran", "ran", "ran", "syntax_error"], group: [1, 2], groupTests: 3 });
        expect([1, 2]).toContain(decision.winner);
        expect(decision.reason).toContain("winning group: 2 candidates × 3 tests");
        const testPrompt = engine.prompts.find((prompt) => prompt.startsWith("Write tests"))!;
        expect(testPrompt).toContain("The function: def is_even(n):");
        expect(testPrompt).toContain("Python `assert` statements");
    }, 30_000);

    test("given tests are used as they are, and no test is written", async () => {
        const engine = new CodeEngine();
        const result = await swarmOn(engine).run({ ...request, strategy: "execution", tests: ["assert is_even(1) == True"] });
        // Only the wrong program passes this (wrong) test: the tests decide, not the swarm's taste.
        expect(result.decision).toMatchObject({ strategy: "execution", winner: 0 });
        expect(engine.prompts.some((prompt) => prompt.startsWith("Write tests"))).toBe(false);
    }, 30_000);

    test("a completion of a code prefix runs as the prefix followed by the completion", async () => {
        const completion = textRequest({ text: "def is_even(n):\n" }, { params: { maxTokens: 64 }, strategy: "execution", tests: ["assert is_even(4)", "assert not is_even(5)"] });
        const { decision } = await swarmOn(new CodeEngine()).run(completion);
        expect(decision.execution).toMatchObject({ passes: [0, 2, 2, 0], statuses: ["ran", "ran", "ran", "syntax_error"] });
    }, 30_000);

    test("refused when running code is off; auto then votes by similarity", async () => {
        await expect(swarmOn(new CodeEngine(), false).run({ ...request, strategy: "execution" })).rejects.toMatchObject({ code: "execution_disabled" });
        expect((await swarmOn(new CodeEngine(), false).run(request)).decision.strategy).toBe("similarity");
    });
});
