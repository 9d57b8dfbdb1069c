import { describe, expect, test } from "bun:test";
import { PassThrough } from "node:stream";
import { progressBar } from "./progressBar.ts";

function stream(isTTY: boolean) {
    const output = new PassThrough();
    let text = "";
    output.on("data", (chunk: Buffer) => (text += chunk.toString()));
    return { output: Object.assign(output, { isTTY }), text: () => text };
}

describe("progressBar", () => {
    test("draws on a terminal, finishing the line when done", () => {
        const { output, text } = stream(true);
        const bar = progressBar(output, "model.gguf");
        bar.update({ receivedBytes: 500_000_000, totalBytes: 2_000_000_000 });
        bar.update({ receivedBytes: 2_000_000_000, totalBytes: 2_000_000_000 });
        bar.done();
        expect(text()).toContain("\rmodel.gguf [########----------------------] 25% 500.0 MB / 2.0 GB");
        expect(text()).toContain("100% 2.0 GB / 2.0 GB");
        expect(text().endsWith("\n")).toBe(true);
    });

    test("stays quiet when not a terminal", () => {
        const { output, text } = stream(false);
        const bar = progressBar(output, "model.gguf");
        bar.update({ receivedBytes: 1, totalBytes: 2 });
        bar.done();
        expect(text()).toBe("");
    });
});
