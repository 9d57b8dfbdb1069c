import { expect, test } from "bun:test";
import { readEvents } from "./readEvents.ts";

function streamOf(...pieces: string[]): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    return new ReadableStream({
        start(controller) {
            for (const piece of pieces) controller.enqueue(encoder.encode(piece));
            controller.close();
        }
    });
}

test("events split across reads, CRLF lines, comments and multi-line data parse as EventSource would", async () => {
    const events = [];
    for await (const event of readEvents(streamOf(": hello\n\nevent: sta", "tus\r\ndata: {\"a\":1}\r\n\r\ndata: one\ndata: two\n\n", "data: [DONE]\n\n", "data: cut off")))
        events.push(event);
    expect(events).toEqual([
        { event: "status", data: "{\"a\":1}" },
        { event: "message", data: "one\ntwo" },
        { event: "message", data: "[DONE]" }
    ]);
});

test("a multi-byte character split between reads survives", async () => {
    const bytes = new TextEncoder().encode("data: é\n\n");
    const stream = new ReadableStream<Uint8Array>({
        start(controller) {
            controller.enqueue(bytes.slice(0, 7));
            controller.enqueue(bytes.slice(7));
            controller.close();
        }
    });
    const events = [];
    for await (const event of readEvents(stream)) events.push(event.data);
    expect(events).toEqual(["é"]);
});
