import { expect, test } from "bun:test";
import { candidateView, maxCandidateText } from "./candidateView.ts";

const base = { worker: "w0", text: "hi", tokens: 30, latencyMs: 1500, finishReason: "stop" as const, temperature: 0.7, seed: 1 };

test("speed from the worker's own tokens and time; a worker that did not vote has no score", () => {
    expect(candidateView(base, 0.42)).toMatchObject({ tokensPerSecond: 20, score: 0.42, calls: [], error: null });
    expect(candidateView({ ...base, finishReason: "error", error: "boom", tokens: 0 }, Number.NaN)).toMatchObject({ score: null, error: "boom", tokensPerSecond: 0 });
});

test("long answers are clipped; proposed tool calls read as name(arguments)", () => {
    const view = candidateView({ ...base, text: "x".repeat(10_000), finishReason: "tool_calls", calls: [{ name: "get_weather", arguments: { city: "Paris" } }] }, 1);
    expect(view.text).toHaveLength(maxCandidateText);
    expect(view.text.endsWith("…")).toBe(true);
    expect(view.calls).toEqual(['get_weather({"city":"Paris"})']);
});
