import { describe, expect, test } from "bun:test";
import { InvalidRequestError, OverloadedError, PayloadTooLargeError } from "../errors.ts";
import { PeerBodyReader } from "./PeerBodyReader.ts";

const limits = { maxBytes: 1024, budgetBytes: 1500, timeoutMs: 200 };

/** A request whose body sends `sent` and then stalls (never closes) unless `close`. */
function request(declared: number | null, sent: Uint8Array, close = true): Request {
    const body = new ReadableStream<Uint8Array>({
        start(controller) {
            controller.enqueue(sent);
            if (close) controller.close();
        }
    });
    return new Request("http://peer/federation/v1/generate", {
        method: "POST",
        body,
        headers: declared == null ? {} : { "content-length": String(declared) },
        duplex: "half"
    } as RequestInit);
}

describe("PeerBodyReader", () => {
    test("reads a declared body; no body is an empty one", async () => {
        const reader = new PeerBodyReader(limits);
        expect(await reader.read(request(3, new Uint8Array([1, 2, 3])))).toEqual(new Uint8Array([1, 2, 3]));
        expect(await reader.read(new Request("http://peer/federation/v1/hello"))).toEqual(new Uint8Array(0));
    });

    test("a body without a Content-Length, over the limit or over its declared size is refused", async () => {
        const reader = new PeerBodyReader(limits);
        await expect(reader.read(request(null, new Uint8Array(3)))).rejects.toThrow(/must declare its Content-Length/);
        await expect(reader.read(request(2048, new Uint8Array(3)))).rejects.toBeInstanceOf(PayloadTooLargeError);
        await expect(reader.read(request(2, new Uint8Array(3)))).rejects.toThrow(/over its declared 2 bytes/);
    });

    test("a stalled body is dropped at its deadline and frees its share of the budget", async () => {
        const reader = new PeerBodyReader(limits);
        const stalled = reader.read(request(1000, new Uint8Array(10), false));
        // The stalled body holds 1000 of the 1500 budgeted bytes: a second large one must wait its turn.
        await expect(reader.read(request(1000, new Uint8Array(1000)))).rejects.toBeInstanceOf(OverloadedError);
        const started = performance.now();
        const error = await stalled.catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect((error as InvalidRequestError).code).toBe("body_timeout");
        expect(performance.now() - started).toBeLessThan(5_000);
        expect(await reader.read(request(1000, new Uint8Array(1000)))).toHaveLength(1000);
    });
});
