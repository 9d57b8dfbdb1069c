import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LlamaEngine, Swarm, type ChatMessage } from "../../src/swarm/index.ts";
import { runToolLoop, type ToolLoopStep } from "../../src/cli/runToolLoop.ts";
import { ToolExecutor, type ToolCalling } from "../../src/tools/index.ts";
import { testModelPath } from "../support/testModel.ts";

/** The real swarm on the test model and the real executor: the loop as `ask --tools` runs it. */
const base = fs.mkdtempSync(path.join(os.tmpdir(), "tool-loop-test-"));
let swarm: Swarm;
let executor: ToolExecutor;

beforeAll(async () => {
    const engine = await LlamaEngine.load({ modelPath: await testModelPath(), slots: 2, threads: 1, contextSize: 512, gpu: "cpu" });
    swarm = new Swarm({ engine, queueSize: 4, strategy: "auto", defaultTemperature: 0.8, temperatureSpread: 0.3, requestTimeoutMs: 120_000 });
    executor = await ToolExecutor.create({ workspace: path.join(base, "ws") });
});

afterAll(async () => {
    executor.dispose();
    await swarm.dispose();
    fs.rmSync(base, { recursive: true, force: true });
});

const prompt: ChatMessage[] = [{ role: "user", content: "Look at the notes." }];
const run = (messages: readonly ChatMessage[], tools: ToolCalling | undefined) => swarm.run({ messages, params: { maxTokens: 300, seed: 2, tools } });

describe("runToolLoop", () => {
    test("runs the voted call, hands its result back, and ends with the text answer", async () => {
        const steps: ToolLoopStep[] = [];
        const outcome = await runToolLoop(prompt, {
            run,
            executor,
            confirm: async () => true,
            firstChoice: { type: "function", function: { name: "read_file" } },
            onStep: (step) => steps.push(step)
        });
        expect(outcome.finished).toBe(true);
        expect(outcome.rounds).toBe(2);
        expect(steps[0]).toMatchObject({ type: "call", call: { name: "read_file" } });
        expect(["result", "failed"]).toContain(steps[1]?.type ?? "");
        const [, assistant, tool] = outcome.messages;
        expect(assistant?.toolCalls?.[0]?.name).toBe("read_file");
        expect(tool).toMatchObject({ role: "tool", toolCallId: assistant?.toolCalls?.[0]?.id });
        expect(outcome.last.toolVote).toBeUndefined();
        expect(outcome.last.candidates[outcome.last.decision.winner]?.text.length).toBeGreaterThan(0);
    });

    test("a declined write runs nothing and tells the model", async () => {
        const asked: string[] = [];
        const steps: ToolLoopStep[] = [];
        const outcome = await runToolLoop(prompt, {
            run,
            executor,
            confirm: async (call) => {
                asked.push(call.name);
                return false;
            },
            firstChoice: { type: "function", function: { name: "write_file" } },
            maxRounds: 1,
            onStep: (step) => steps.push(step)
        });
        expect(asked).toEqual(["write_file"]);
        expect(steps.map((step) => step.type)).toEqual(["call", "declined"]);
        expect(outcome.finished).toBe(false);
        expect(JSON.parse(outcome.messages.at(-1)!.content)).toEqual({ error: "the user declined to run this call" });
        expect(fs.readdirSync(executor.workspace.root)).toEqual([]);
    });
});
