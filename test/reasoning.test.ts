import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { reasoningModel, type ReasoningModel } from "./support/reasoningModel.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

/**
 * A thinking model through the real server: the test model with a thinking model's chat template,
 * so node-llama-cpp's wrapper opens the thought with each reply and the thinking budget closes it,
 * after which the model writes its answer. Everything below runs through llama.cpp and LlamaChat.
 */
let model: ReasoningModel;
let server: TestServer;

beforeAll(async () => {
    model = await reasoningModel("switchable");
    server = await startTestServer({ model: model.path });
});

afterAll(async () => {
    await server.dispose();
    model.dispose();
});

const messages = [{ role: "user" as const, content: "Once upon a time" }];

interface ThinkingMessage {
    content: string | null;
    reasoning_content?: string;
}

interface SwarmCandidate {
    worker: string;
    text: string;
    tokens: number;
    thinking_tokens: number;
    score: number | null;
    no_vote?: string;
}

interface ThinkingCompletion {
    choices: { message: ThinkingMessage; finish_reason: string }[];
    usage: { prompt_tokens: number; completion_tokens: number; completion_tokens_details: { reasoning_tokens: number } };
    swarm: { winner: string; reason: string; abstain: boolean; candidates: SwarmCandidate[] };
}

async function complete(body: Record<string, unknown>): Promise<ThinkingCompletion> {
    return await server.client.chat.completions.create({ model: "thinking", messages, seed: 5, temperature: 0, ...body } as never) as unknown as ThinkingCompletion;
}

describe("thinking kept apart from the answer", () => {
    test("reasoning_content holds the thinking, content the answer, usage counts both", async () => {
        const completion = await complete({ max_tokens: 30, thinking_budget: 6 });
        const { message } = completion.choices[0]!;
        expect(message.reasoning_content!.length).toBeGreaterThan(0);
        expect(message.content!.length).toBeGreaterThan(0);
        expect(message.content).not.toContain("<think>");
        const { usage, swarm } = completion;
        const winner = swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!;
        // The budget closes the thought once it is spent: one chunk may finish past it.
        expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThanOrEqual(6);
        expect(usage.completion_tokens_details.reasoning_tokens).toBeLessThanOrEqual(8);
        expect(usage.completion_tokens_details.reasoning_tokens).toBe(winner.thinking_tokens);
        // max_tokens bounds thinking and answer together.
        expect(usage.completion_tokens).toBe(30);
        expect(winner.tokens).toBe(30);
        // The vote compares answers: each candidate's text is its answer, its thinking only counted.
        expect(winner.text).toBe(message.content!);
        for (const candidate of swarm.candidates) {
            expect(candidate.thinking_tokens).toBeGreaterThan(0);
            expect(candidate.text).not.toContain(message.reasoning_content!);
        }
    });

    test("reasoning_format: none puts it inline, deepseek-legacy in both places, hidden drops it", async () => {
        const separate = (await complete({ max_tokens: 24, thinking_budget: 5 })).choices[0]!.message;
        const inline = (await complete({ max_tokens: 24, thinking_budget: 5, reasoning_format: "none" })).choices[0]!.message;
        expect(inline.reasoning_content).toBeUndefined();
        expect(inline.content).toBe(`<think>\n${separate.reasoning_content}\n</think>\n\n${separate.content}`);
        const both = (await complete({ max_tokens: 24, thinking_budget: 5, reasoning_format: "deepseek-legacy" })).choices[0]!.message;
        expect(both).toMatchObject({ content: inline.content, reasoning_content: separate.reasoning_content });
        const hidden = await complete({ max_tokens: 24, thinking_budget: 5, reasoning_format: "hidden" });
        expect(hidden.choices[0]!.message).toMatchObject({ content: separate.content });
        expect(hidden.choices[0]!.message.reasoning_content).toBeUndefined();
        expect(hidden.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    });

    test("a stream sends the thinking as reasoning_content deltas, then the answer", async () => {
        const whole = (await complete({ max_tokens: 24, thinking_budget: 5 })).choices[0]!.message;
        const stream = await server.client.chat.completions.create({ model: "thinking", messages, seed: 5, temperature: 0, max_tokens: 24, thinking_budget: 5, stream: true } as never) as unknown as AsyncIterable<{ choices: { delta: { content?: string | null; reasoning_content?: string } }[] }>;
        let reasoning = "";
        let content = "";
        let answerStarted = false;
        for await (const chunk of stream) {
            const delta = chunk.choices[0]?.delta;
            if (delta?.reasoning_content != null) {
                expect(answerStarted).toBe(false);
                reasoning += delta.reasoning_content;
            }
            if (delta?.content != null && delta.content !== "") {
                answerStarted = true;
                content += delta.content;
            }
        }
        expect(reasoning).toBe(whole.reasoning_content!);
        expect(content).toBe(whole.content!);
    });

    test("a worker cut off while thinking has no answer and does not vote", async () => {
        const completion = await complete({ max_tokens: 5 });
        const choice = completion.choices[0]!;
        expect(choice.message.content).toBe("");
        expect(choice.message.reasoning_content!.length).toBeGreaterThan(0);
        expect(choice.finish_reason).toBe("length");
        expect(completion.usage.completion_tokens_details.reasoning_tokens).toBe(5);
        expect(completion.swarm.reason).toContain("no worker finished thinking");
        expect(completion.swarm.abstain).toBe(true);
        for (const candidate of completion.swarm.candidates) expect(candidate.no_vote).toContain("while still thinking");
    });

    test("enable_thinking false: the template's empty thought, and the model answers at once", async () => {
        const off = await complete({ max_tokens: 12, chat_template_kwargs: { enable_thinking: false } });
        const on = await complete({ max_tokens: 12, thinking_budget: 4 });
        expect(off.choices[0]!.message.reasoning_content).toBeUndefined();
        expect(off.choices[0]!.message.content!.length).toBeGreaterThan(0);
        expect(off.usage.completion_tokens_details.reasoning_tokens).toBe(0);
        // The prompt carries the empty `<think>\n\n</think>\n\n` the template renders when thinking is off.
        expect(off.usage.prompt_tokens).toBeGreaterThan(on.usage.prompt_tokens);
    });

    test("segments: with thinking off the answer is voted sentence by sentence; a thinking reply is voted whole", async () => {
        const off = await complete({ max_tokens: 24, temperature: 0.8, chat_template_kwargs: { enable_thinking: false }, swarm: { mode: "segments" } }) as ThinkingCompletion & { swarm: { mode: string } };
        expect(off.swarm.mode).toBe("segments");
        expect(off.choices[0]!.message.reasoning_content).toBeUndefined();
        expect(off.choices[0]!.message.content!.length).toBeGreaterThan(0);
        expect(off.choices[0]!.message.content).not.toContain("think>");
        const on = await complete({ max_tokens: 24, thinking_budget: 4, swarm: { mode: "segments" } }) as ThinkingCompletion & { swarm: { mode: string } };
        expect(on.swarm.mode).toBe("whole");
        expect(on.choices[0]!.message.reasoning_content!.length).toBeGreaterThan(0);
    });

    test("a forced tool call is made at once and voted on; its worker has no answer to think about", async () => {
        const completion = await complete({
            max_tokens: 48,
            thinking_budget: 4,
            tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { word: { type: "string", maxLength: 8 } }, required: ["word"] } } }],
            tool_choice: "required"
        }) as ThinkingCompletion & { choices: { message: { tool_calls?: { function: { name: string; arguments: string } }[] } }[] };
        const { message, finish_reason } = completion.choices[0]!;
        expect(finish_reason).toBe("tool_calls");
        expect(message.tool_calls![0]!.function.name).toBe("lookup");
        expect(JSON.parse(message.tool_calls![0]!.function.arguments)).toHaveProperty("word");
        expect(message.reasoning_content).toBeUndefined();
        expect(completion.swarm.reason).not.toContain("no worker finished thinking");
        for (const candidate of completion.swarm.candidates) expect(candidate.no_vote).toBeUndefined();
    });

    test("unknown reasoning values are refused with 400", async () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ reasoning_format: "markdown" }, "reasoning_format"],
            [{ reasoning_effort: "extreme" }, "reasoning_effort"],
            [{ chat_template_kwargs: { add_vision_id: true } }, "chat_template_kwargs.add_vision_id"],
            [{ chat_template_kwargs: { enable_thinking: "no" } }, "chat_template_kwargs.enable_thinking"],
            [{ thinking_budget: 0 }, "thinking_budget"]
        ];
        for (const [extra, param] of cases) {
            const response = await fetch(`${server.url}/v1/chat/completions`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ messages, max_tokens: 4, ...extra })
            });
            expect(response.status).toBe(400);
            const body = await response.json() as { error: { param: string | null } };
            expect(body.error.param).toBe(param);
        }
    });
});

describe("a model that always thinks", () => {
    test("enable_thinking false is refused: its template has no switch", async () => {
        const always = await reasoningModel("always");
        const alwaysServer = await startTestServer({ model: always.path, workers: 1 });
        try {
            const response = await fetch(`${alwaysServer.url}/v1/chat/completions`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ messages, max_tokens: 4, chat_template_kwargs: { enable_thinking: false } })
            });
            expect(response.status).toBe(400);
            expect(await response.json()).toMatchObject({ error: { code: "thinking_not_optional", param: "chat_template_kwargs.enable_thinking" } });
            const answered = await alwaysServer.client.chat.completions.create({ model: "thinking", messages, max_tokens: 16, thinking_budget: 4 } as never) as unknown as ThinkingCompletion;
            expect(answered.choices[0]!.message.reasoning_content!.length).toBeGreaterThan(0);
        } finally {
            await alwaysServer.dispose();
            always.dispose();
        }
    });
});
