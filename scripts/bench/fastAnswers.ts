import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { testModelPath } from "../../test/support/testModel.ts";
import { benchModelPath } from "./benchModel.ts";
import { startServeChild } from "./startServeChild.ts";
import { printTable } from "./table.ts";

export interface FastAnswersBenchOptions {
    readonly workers: number;
    readonly threads: number;
    /** Answer length of the streamed requests. */
    readonly streamTokens: number;
}

interface Timed {
    readonly ms: number;
    readonly promptTokens: number;
    readonly content: string;
}

function timed({ totalMs, promptTokens, content }: { totalMs: number; promptTokens: number; content: string }): Timed {
    return { ms: totalMs, promptTokens, content };
}

interface StreamTiming {
    /** First delta of any kind (content or reasoning_content). */
    readonly firstDeltaMs: number;
    readonly firstContentMs: number;
    readonly totalMs: number;
}

const sentences = [
    "The lighthouse keeper wrote down the weather every morning before the sun came up.",
    "A small boat left the harbour with three fishermen and a dog that never barked.",
    "In the valley, the river turned slowly around the old mill and its broken wheel.",
    "Children from the village ran to the hill to watch the kites dance in the wind.",
    "The baker counted the loaves twice, because the mayor had ordered a hundred.",
    "Snow covered the road, and the postman walked the last mile with his bag on his back.",
    "At the market, a woman sold apples, honey and candles made from the wax of her bees.",
    "The teacher asked the class to write a story about a journey they would like to take."
];

/**
 * Issue 12's figures, on the test model and on a model of realistic size: the prompt's evaluation
 * and a second turn with 1 and N workers, and each stream mode's time to the first delta and total
 * time. Every figure comes from a fresh serving process through HTTP, as a client sees it.
 */
export async function benchFastAnswers(options: FastAnswersBenchOptions): Promise<void> {
    const { workers: n, threads, streamTokens } = options;
    for (const modelPath of [await testModelPath(), await benchModelPath()]) {
        console.log(`## Fast answers: ${path.basename(modelPath)}, N=${n}, ${threads} thread(s), streams of ${streamTokens} tokens\n`);
        const copy = await measureCopy(modelPath, threads, n - 1);
        const one = await measure(modelPath, 1, threads, streamTokens, ["single"]);
        const many = await measure(modelPath, n, threads, streamTokens, ["whole", "segments"]);
        const oneStream = one.streams.get("single")!;
        const whole = many.streams.get("whole")!;
        const segments = many.streams.get("segments")!;
        const ratio = (a: number, b: number) => (a / b).toFixed(2);
        printTable(["figure", "N=1", `N=${n}`, "ratio", "target"], [
            [`prompt evaluation (${one.prompt.promptTokens} tokens, max_tokens 1)`, ms(one.prompt.ms), ms(many.prompt.ms), ratio(many.prompt.ms, one.prompt.ms), "≤ 1.25"],
            [`second turn (+ the answer and 1 short message, ${one.secondTurn.promptTokens} tokens)`, ms(one.secondTurn.ms), ms(many.secondTurn.ms), ratio(many.secondTurn.ms, one.secondTurn.ms), "≤ 1.25"],
            ["further turns (+1 short message only; mean of 2)", ms(one.shortTurn.ms), ms(many.shortTurn.ms), ratio(many.shortTurn.ms, one.shortTurn.ms), ""],
            [`the prompt's state copied to ${n - 1} sequences instead (${(copy.bytes / 2 ** 20).toFixed(1)} MiB file)`, `evaluate ${ms(copy.evaluateMs)}`, `copy ${ms(copy.copyMs)}`, ratio(copy.copyMs, copy.evaluateMs), ""]
        ]);
        console.log("");
        printTable(["stream", "first delta", "first content", "total", "target"], [
            [`N=1 single, long prompt (prompt + 1 token: ${ms(one.prompt.ms)})`, ms(oneStream.firstDeltaMs), ms(oneStream.firstContentMs), ms(oneStream.totalMs), `first content ≤ 1.2 × prompt + 1 token: ${ratio(oneStream.firstContentMs, one.prompt.ms)}`],
            [`N=${n} whole answer`, ms(whole.firstDeltaMs), ms(whole.firstContentMs), ms(whole.totalMs), ""],
            [`N=${n} segments`, ms(segments.firstDeltaMs), ms(segments.firstContentMs), ms(segments.totalMs),
                `first content ≤ 0.25 × whole total: ${ratio(segments.firstContentMs, whole.totalMs)}; total ≤ 1.3 × whole: ${ratio(segments.totalMs, whole.totalMs)}`]
        ]);
        console.log("");
    }
}

async function measure(modelPath: string, workers: number, threads: number, streamTokens: number, modes: readonly string[]) {
    const server = await startServeChild(modelPath, workers, threads, 2048);
    try {
        const longPrompt = promptOf(0);
        const prompt = timed(await stream(server.url, { messages: [{ role: "user", content: longPrompt }], max_tokens: 1, temperature: 0.8, seed: 1, swarm: { mode: "whole" } }));
        // The second turn adds the answer, as the template writes it, and a short message; the next
        // two add only a message each (the answer is held by then), where each worker's first
        // token, not the prompt, is most of the time.
        const followUps: Timed[] = [];
        for (const [index, question] of ["What happened next?", "Who was there?", "Why did it end?"].entries())
            followUps.push(timed(await stream(server.url, {
                messages: [{ role: "user", content: longPrompt }, { role: "assistant", content: prompt.content }, { role: "user", content: question }],
                max_tokens: 1,
                temperature: 0.8,
                seed: 2 + index,
                swarm: { mode: "whole" }
            })));
        const [secondTurn, third, fourth] = followUps as [Timed, Timed, Timed];
        const shortTurn: Timed = { ...third, ms: (third.ms + fourth.ms) / 2 };
        const streams = new Map<string, StreamTiming>();
        for (const mode of modes) {
            // N=1 streams a fresh long prompt, so its first delta can be set against the prompt's evaluation.
            const content = workers === 1 ? promptOf(1) : "Once upon a time";
            streams.set(mode, await stream(server.url, { messages: [{ role: "user", content }], max_tokens: streamTokens, temperature: 0.8, seed: 3, swarm: { mode } }));
        }
        return { prompt, secondTurn, shortTurn, streams };
    } finally {
        await server.stop();
    }
}

/**
 * What sharing a prompt costs against evaluating it: one sequence evaluates the long prompt, then its
 * state goes through a file into `takers` other sequences (what the engine does for every worker).
 */
async function measureCopy(modelPath: string, threads: number, takers: number) {
    const llama = await getLlama({ build: "never", logLevel: LlamaLogLevel.error, maxThreads: threads, gpu: false });
    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ sequences: takers + 1, contextSize: 2048, threads, batchSize: 512 });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-bench-state-"));
    try {
        const [source, ...others] = Array.from({ length: takers + 1 }, () => context.getSequence());
        const tokens = model.tokenize(promptOf(2));
        let started = performance.now();
        await source!.evaluateWithoutGeneratingNewTokens(tokens);
        const evaluateMs = performance.now() - started;
        const file = path.join(folder, "prompt.state");
        started = performance.now();
        const { fileSize } = await source!.saveStateToFile(file);
        for (const other of others) await other.loadStateFromFile(file, { acceptRisk: true });
        return { evaluateMs, copyMs: performance.now() - started, bytes: fileSize };
    } finally {
        fs.rmSync(folder, { recursive: true, force: true });
        await context.dispose();
        await model.dispose();
        await llama.dispose();
    }
}

/** About 1,400 tokens of plain prose; `variant` reorders it so that no cached prefix is shared. */
function promptOf(variant: number): string {
    const lines: string[] = [`Story ${variant + 1}. Read the notes below and continue the story.`];
    for (let index = 0; lines.join(" ").length < 2700; index++) lines.push(sentences[(index * (variant + 3)) % sentences.length]!);
    return lines.join(" ");
}

/**
 * One streamed request (a long evaluation on a busy machine would outlast the server's idle timeout
 * without the stream's keep-alive comments): when the first delta and the first content arrived,
 * the total time, the prompt's size and the answer.
 */
async function stream(url: string, body: object): Promise<StreamTiming & { readonly promptTokens: number; readonly content: string }> {
    const started = performance.now();
    const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
        timeout: false
    });
    if (!response.ok || response.body == null) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    let firstDeltaMs = Number.NaN;
    let firstContentMs = Number.NaN;
    let content = "";
    let promptTokens = 0;
    const decoder = new TextDecoder();
    let buffered = "";
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffered += decoder.decode(read.value, { stream: true });
        const events = buffered.split("\n\n");
        buffered = events.pop()!;
        for (const event of events) {
            if (!event.startsWith("data: {")) continue;
            const chunk = JSON.parse(event.slice(6)) as { choices: { delta: { content?: string | null; reasoning_content?: string } }[]; usage?: { prompt_tokens: number }; error?: unknown };
            if (chunk.error != null) throw new Error(`stream error: ${JSON.stringify(chunk.error)}`);
            promptTokens = chunk.usage?.prompt_tokens ?? promptTokens;
            const delta = chunk.choices[0]?.delta;
            const now = performance.now() - started;
            content += delta?.content ?? "";
            if ((delta?.content ?? "") !== "" && Number.isNaN(firstContentMs)) firstContentMs = now;
            if (((delta?.content ?? "") !== "" || (delta?.reasoning_content ?? "") !== "") && Number.isNaN(firstDeltaMs)) firstDeltaMs = now;
        }
    }
    return { firstDeltaMs, firstContentMs, totalMs: performance.now() - started, promptTokens, content };
}

function ms(value: number): string {
    return Number.isNaN(value) ? "–" : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}
