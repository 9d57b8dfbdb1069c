import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { readEvents } from "../src/dashboard/client/readEvents.ts";
import type { DashboardMessage } from "../src/dashboard/index.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

let server: TestServer;

beforeAll(async () => {
    server = await startTestServer();
});

afterAll(async () => {
    await server.dispose();
});

interface SwarmExtension {
    readonly winner: string;
    readonly candidates: readonly { readonly worker: string; readonly text: string; readonly tokens: number }[];
}

function winnerText(swarm: SwarmExtension): string {
    return swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!.text;
}

describe("text completions through the openai client", () => {
    test("completions.create: the raw prompt is continued by every worker and the vote picks the text", async () => {
        const completion = await server.client.completions.create({ model: "stories260K", prompt: "Once upon a time", max_tokens: 16, seed: 5 });
        expect(completion.object).toBe("text_completion");
        expect(completion.id).toStartWith("cmpl-");
        expect(completion.choices).toHaveLength(1);
        const choice = completion.choices[0]!;
        expect(choice.text.length).toBeGreaterThan(0);
        expect(choice.finish_reason).toBe("length");
        const swarm = (completion as unknown as { swarm: SwarmExtension }).swarm;
        expect(swarm.candidates).toHaveLength(3);
        expect(choice.text).toBe(winnerText(swarm));
        expect(completion.usage!.completion_tokens).toBe(16);
        expect(completion.usage!.prompt_tokens).toBeGreaterThan(1);
    });

    test("seeded, echo, stop, n and a list of prompts", async () => {
        const ask = () => server.client.completions.create({ model: "x", prompt: "Once upon a time", max_tokens: 12, seed: 9, temperature: 0.5, top_p: 0.9 });
        const [first, second] = [await ask(), await ask()];
        expect(second.choices[0]!.text).toBe(first.choices[0]!.text);

        const echoed = await server.client.completions.create({ model: "x", prompt: "Once upon a time", max_tokens: 12, seed: 9, temperature: 0.5, top_p: 0.9, echo: true });
        expect(echoed.choices[0]!.text).toBe(`Once upon a time${first.choices[0]!.text}`);

        const stopped = await server.client.completions.create({ model: "x", prompt: "Once upon a time", max_tokens: 48, seed: 2, stop: [" "] });
        expect(stopped.choices[0]!.text).not.toContain(" ");

        const many = await server.client.completions.create({ model: "x", prompt: ["Once upon a time", "The little dog"], max_tokens: 8, n: 2, seed: 1, temperature: 1.5 });
        expect(many.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3]);
        expect((many as unknown as { swarm: SwarmExtension[] }).swarm).toHaveLength(2);
    });

    test("streamed: text_completion chunks add up to the voted text, usage when asked", async () => {
        const stream = await server.client.completions.create({
            model: "stories260K",
            prompt: "Once upon a time",
            max_tokens: 16,
            seed: 4,
            stream: true,
            stream_options: { include_usage: true }
        });
        const chunks = [];
        for await (const chunk of stream) chunks.push(chunk);
        expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
        expect(chunks.every((chunk) => chunk.object === "text_completion")).toBe(true);
        const text = chunks.map((chunk) => chunk.choices[0]?.text ?? "").join("");
        const final = chunks.findLast((chunk) => chunk.choices[0]?.finish_reason != null)!;
        expect(final.choices[0]!.finish_reason).toBe("length");
        expect(text).toBe(winnerText((final as unknown as { swarm: SwarmExtension }).swarm));
        expect(chunks.at(-1)!.usage!.completion_tokens).toBe(16);
    });
});

describe("what a completion cannot honour is a 400 that says so", () => {
    const cases: [string, Record<string, unknown>, string][] = [
        ["logprobs", { logprobs: 2 }, "logprobs"],
        ["best_of above n", { best_of: 3, n: 1 }, "best_of"],
        ["a penalty", { presence_penalty: 0.5 }, "presence_penalty"],
        ["logit_bias", { logit_bias: { "50256": -100 } }, "logit_bias"],
        ["token arrays", { prompt: [1, 2, 3] }, "prompt"],
        ["a stream of several prompts", { prompt: ["a", "b"], stream: true }, "prompt"],
        ["suffix on a model without infill tokens", { suffix: "The end." }, "suffix"],
        ["n above the workers", { n: 9 }, "n"],
        ["an unknown swarm.mode", { swarm: { mode: "fast" } }, "swarm.mode"],
        ["swarm.mode single with n > 1", { n: 2, swarm: { mode: "single" } }, "swarm.mode"],
        ["no prompt", { prompt: undefined }, "prompt"],
        ["a prompt longer than the context", { prompt: "Once upon a time ".repeat(400) }, "prompt"]
    ];
    for (const [name, fields, param] of cases)
        test(name, async () => {
            const error = await server.client.completions.create({ model: "x", prompt: "Once upon a time", max_tokens: 4, ...fields } as never).then(() => undefined, (caught: unknown) => caught);
            expect(error).toBeInstanceOf(OpenAI.BadRequestError);
            const body = (error as InstanceType<typeof OpenAI.BadRequestError>).error as { message: string; param: string | null };
            expect(body.param).toBe(param);
            expect(body.message.length).toBeGreaterThan(10);
        });
});

test("completions and Ollama's generations appear in the dashboard's request list", async () => {
    await server.client.completions.create({ model: "x", prompt: "The dashboard sees completions", max_tokens: 4 });
    await fetch(`${server.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: "stories260K", prompt: "The dashboard sees Ollama", stream: false, options: { num_predict: 4 } }) });
    const controller = new AbortController();
    const response = await fetch(`${server.url}/v1/swarm/events`, { signal: controller.signal });
    const first = await readEvents(response.body!).next();
    controller.abort();
    const snapshot = JSON.parse(first.value!.data) as Extract<DashboardMessage, { type: "snapshot" }>;
    const prompts = snapshot.history.map((request) => request.prompt);
    expect(prompts).toContain("The dashboard sees completions");
    expect(prompts).toContain("The dashboard sees Ollama");
});
