import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ollama } from "ollama";
import { startTestServer, waitForIdle, type TestServer } from "./support/testServer.ts";

interface SwarmExtension {
    readonly mode: string;
    readonly winner: string;
    readonly prompt_evaluated_tokens: number;
    readonly candidates: readonly { readonly worker: string; readonly text: string; readonly tokens: number }[];
    readonly segments?: readonly { readonly text: string; readonly voters: number }[];
}

const story = "Once upon a time there was a little girl named Lily. She liked to play in the park with her dog. ".repeat(6);

/** Streams a request and notes, at its first content delta, how many workers were still generating. */
async function streamWithBusyAtFirstDelta(server: TestServer, body: object) {
    const stream = await server.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: story }], stream: true, ...body });
    let text = "";
    let busyAtFirstDelta: number | undefined;
    let swarm: SwarmExtension | undefined;
    for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta.content ?? "";
        if (content !== "" && busyAtFirstDelta == null)
            busyAtFirstDelta = ((await (await fetch(`${server.url}/health`)).json()) as { workers: { busy: number } }).workers.busy;
        text += content;
        swarm ??= (chunk as unknown as { swarm?: SwarmExtension }).swarm;
    }
    return { text, busyAtFirstDelta, swarm: swarm! };
}

describe("one worker: tokens stream as they are generated", () => {
    let server: TestServer;
    beforeAll(async () => {
        server = await startTestServer({ workers: 1 });
    });
    afterAll(() => server.dispose());

    test("the first delta arrives while the worker is still generating, and the deltas add up to the answer", async () => {
        const { text, busyAtFirstDelta, swarm } = await streamWithBusyAtFirstDelta(server, { max_tokens: 400, seed: 3 });
        expect(swarm.mode).toBe("single");
        expect(busyAtFirstDelta).toBe(1);
        expect(text).toBe(swarm.candidates[0]!.text);
        expect(text.length).toBeGreaterThan(0);
    });

    test("a streamed text completion too: the echoed prompt first, then tokens while the worker generates", async () => {
        const stream = await server.client.completions.create({ model: "x", prompt: story, max_tokens: 300, seed: 3, echo: true, stream: true });
        const pieces: string[] = [];
        let busyAtFirstPiece: number | undefined;
        let swarm: SwarmExtension | undefined;
        for await (const chunk of stream) {
            const piece = chunk.choices[0]?.text ?? "";
            if (piece !== "" && pieces.length === 1)
                busyAtFirstPiece = ((await (await fetch(`${server.url}/health`)).json()) as { workers: { busy: number } }).workers.busy;
            if (piece !== "") pieces.push(piece);
            swarm ??= (chunk as unknown as { swarm?: SwarmExtension }).swarm;
        }
        expect(swarm!.mode).toBe("single");
        expect(pieces[0]).toBe(story);
        expect(busyAtFirstPiece).toBe(1);
        expect(pieces.slice(1).join("")).toBe(swarm!.candidates[0]!.text);
    });
});

describe("several workers: the prompt is evaluated once and streams go out segment by segment", () => {
    let server: TestServer;
    let cache: string;
    beforeAll(async () => {
        cache = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-fast-"));
        server = await startTestServer({ workers: 3, contextSize: 2048 }, { dataDir: path.join(cache, "data"), cacheDir: cache, configFile: path.join(cache, "config.json") });
    });
    afterAll(async () => {
        await server.dispose();
        // The state folder goes with the server.
        expect(fs.readdirSync(path.join(cache, "prompt-state"))).toEqual([]);
        fs.rmSync(cache, { recursive: true, force: true });
    });

    test("a streamed answer's first segment arrives before the generation ends; the stream equals the recorded answer and a non-streamed request with the same mode and seed", async () => {
        const { text, busyAtFirstDelta, swarm } = await streamWithBusyAtFirstDelta(server, { max_tokens: 200, seed: 5, temperature: 0.9 });
        expect(swarm.mode).toBe("segments");
        expect(busyAtFirstDelta).toBe(3);
        expect(swarm.segments!.length).toBeGreaterThan(1);
        expect(swarm.segments!.map((segment) => segment.text).join("")).toBe(text);
        // A segment's first token keeps its leading space: sentences are not glued together ("play.She").
        const afterSentences = swarm.segments!.slice(1).filter((_, index) => /[.!?]$/.test(swarm.segments![index]!.text));
        expect(afterSentences.length).toBeGreaterThan(2);
        expect(afterSentences.filter((segment) => /^[A-Za-z]/.test(segment.text)).length).toBeLessThanOrEqual(afterSentences.length / 4);
        expect(text).toBe(swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!.text);
        // Every worker's tokens are counted, not only the winners' segments.
        expect(swarm.candidates.every((candidate) => candidate.tokens > 0)).toBe(true);

        const plain = await server.client.chat.completions.create({
            model: "x",
            messages: [{ role: "user", content: story }],
            max_tokens: 200,
            seed: 5,
            temperature: 0.9,
            // @ts-expect-error local-swarm's request extension
            swarm: { mode: "segments" }
        });
        expect(plain.choices[0]!.message.content).toBe(text);
    });

    test("segments continue the winner's very tokens: no round evaluates the answer again", async () => {
        const completion = await server.client.chat.completions.create({
            model: "x",
            messages: [{ role: "user", content: `${story} Hot.` }],
            max_tokens: 150,
            // Sampled hot, tokens are often not the ones the text would tokenise back into.
            temperature: 2,
            seed: 8,
            // @ts-expect-error local-swarm's request extension
            swarm: { mode: "segments" }
        });
        const swarm = (completion as unknown as { swarm: SwarmExtension }).swarm;
        expect(swarm.segments!.length).toBeGreaterThan(3);
        // The prompt once; then each round evaluates the segment just decided, once (to share it),
        // and each worker its last sampled token: the answer's length in all, not again every round.
        expect(swarm.prompt_evaluated_tokens).toBeLessThanOrEqual(completion.usage!.prompt_tokens + 150 + swarm.segments!.length * 4);
    });

    test("a stop string that begins where a segment may end is still found: the answer never contains it", async () => {
        const ask = (stop?: string) => server.client.chat.completions.create({
            model: "x",
            messages: [{ role: "user", content: `${story} Stop.` }],
            max_tokens: 120,
            seed: 11,
            temperature: 0.8,
            ...(stop == null ? {} : { stop }),
            // @ts-expect-error local-swarm's request extension
            swarm: { mode: "segments" }
        });
        const free = (await ask()).choices[0]!.message.content!;
        const at = free.indexOf(". ");
        expect(at).toBeGreaterThan(0);
        // A sentence end is a segment's end: split there, the stop would never be seen whole.
        const stop = free.slice(at, at + 3);
        const stopped = await ask(stop);
        expect(stopped.choices[0]!.message.content).not.toContain(stop);
    });

    test("a multi-turn chat evaluates the history once and the next turn only its new message, in every worker", async () => {
        const first = await server.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: `${story} The end.` }], max_tokens: 24, seed: 9 });
        const firstSwarm = (first as unknown as { swarm: SwarmExtension }).swarm;
        const promptTokens = first.usage!.prompt_tokens;
        // Evaluated once and copied; each worker evaluates only the prompt's last token itself (3 workers, not 3 × the prompt).
        expect(firstSwarm.prompt_evaluated_tokens).toBeLessThanOrEqual(promptTokens + 3);

        const second = await server.client.chat.completions.create({
            model: "x",
            messages: [
                { role: "user", content: `${story} The end.` },
                { role: "assistant", content: first.choices[0]!.message.content! },
                { role: "user", content: "Then what happened?" }
            ],
            max_tokens: 8,
            seed: 10
        });
        const secondSwarm = (second as unknown as { swarm: SwarmExtension }).swarm;
        // The winner's conversation is kept: only what follows the first prompt (the answer as the
        // template writes it in the history, and the new message) is evaluated, once, plus each
        // worker's last prompt token — not the history, and not once per worker.
        const added = second.usage!.prompt_tokens - promptTokens;
        expect(secondSwarm.prompt_evaluated_tokens).toBeLessThanOrEqual(added + 3 + 2);
        expect(secondSwarm.prompt_evaluated_tokens).toBeLessThan(second.usage!.prompt_tokens / 4);
        expect(fs.readdirSync(path.join(cache, "prompt-state")).flatMap((folder) => fs.readdirSync(path.join(cache, "prompt-state", folder)))).toEqual([]);
    });

    test("votes that need whole answers keep them, and the stream shows a worker's draft as reasoning meanwhile", async () => {
        const stream = await server.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: story }], max_tokens: 40, seed: 4, n: 2, stream: true });
        let reasoning = "";
        const content = ["", ""];
        let swarm: SwarmExtension | undefined;
        for await (const chunk of stream) {
            for (const choice of chunk.choices) {
                reasoning += (choice.delta as { reasoning_content?: string }).reasoning_content ?? "";
                content[choice.index] += choice.delta.content ?? "";
            }
            swarm ??= (chunk as unknown as { swarm?: SwarmExtension }).swarm;
        }
        expect(swarm!.mode).toBe("whole");
        expect(reasoning.length).toBeGreaterThan(0);
        expect(content[0]).toBe(swarm!.candidates.find((candidate) => candidate.worker === swarm!.winner)!.text);
    });

    test("Ollama's streams are voted by segments too: the first piece arrives while the workers generate", async () => {
        const ollama = new Ollama({ host: server.url });
        const stream = await ollama.chat({ model: "stories260K", messages: [{ role: "user", content: `${story} Ollama.` }], stream: true, options: { num_predict: 200, seed: 6, temperature: 0.9 } });
        let text = "";
        let busyAtFirstPiece: number | undefined;
        let swarm: SwarmExtension | undefined;
        for await (const part of stream) {
            if (part.message.content !== "" && busyAtFirstPiece == null)
                busyAtFirstPiece = ((await (await fetch(`${server.url}/health`)).json()) as { workers: { busy: number } }).workers.busy;
            text += part.message.content;
            if (part.done) swarm = (part as unknown as { swarm: SwarmExtension }).swarm;
        }
        expect(swarm!.mode).toBe("segments");
        expect(busyAtFirstPiece).toBe(3);
        expect(swarm!.segments!.map((segment) => segment.text).join("")).toBe(text);
        // A raw prompt cannot be voted by segments: it is voted whole, and streamed after the vote.
        const raw = await ollama.generate({ model: "stories260K", prompt: story, raw: true, stream: true, options: { num_predict: 16, seed: 6 } });
        let rawText = "";
        let rawSwarm: SwarmExtension | undefined;
        for await (const part of raw) {
            rawText += part.response;
            if (part.done) rawSwarm = (part as unknown as { swarm: SwarmExtension }).swarm;
        }
        expect(rawSwarm!.mode).toBe("whole");
        expect(rawText).toBe(rawSwarm!.candidates.find((candidate) => candidate.worker === rawSwarm!.winner)!.text);
    });

    test("a request that asks for segments where whole answers are needed is refused", async () => {
        const response = await fetch(`${server.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ messages: [{ role: "user", content: "hi" }], response_format: { type: "json_object" }, swarm: { mode: "segments" } })
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: { param: string } }).error.param).toBe("swarm.mode");
    });

    test("a client that leaves mid-segment frees every worker, and no state copy is left behind", async () => {
        const controller = new AbortController();
        const response = await fetch(`${server.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ messages: [{ role: "user", content: `${story} Again.` }], max_tokens: 900, stream: true }),
            signal: controller.signal
        });
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        for (let seen = ""; !seen.includes("\"content\":\"") || !/"content":"[^"]/.test(seen);) seen += decoder.decode((await reader.read()).value);
        controller.abort();
        const freedMs = await waitForIdle(server, 2000);
        console.log(`segment stream disconnect: workers free after ${freedMs.toFixed(0)} ms`);
        expect(fs.readdirSync(path.join(cache, "prompt-state")).flatMap((folder) => fs.readdirSync(path.join(cache, "prompt-state", folder)))).toEqual([]);
        const next = await server.client.chat.completions.create({ model: "x", messages: [{ role: "user", content: story }], max_tokens: 8 });
        expect(next.usage!.completion_tokens).toBe(8);
    });
});
