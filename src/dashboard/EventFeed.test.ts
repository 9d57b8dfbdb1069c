import { expect, test } from "bun:test";
import { EventFeed } from "./EventFeed.ts";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
    return await new Response(stream).text();
}

test("frames pushed before and while reading arrive in order; closing ends the stream", async () => {
    const feed = new EventFeed(10, () => {});
    feed.push("a\n\n");
    const text = readAll(feed.stream());
    await Bun.sleep(1);
    feed.push("b\n\n");
    await Bun.sleep(1);
    feed.close();
    expect(await text).toBe("a\n\nb\n\n");
});

test("a reader that falls behind by the limit is cut off and forgotten, once", () => {
    const closed: EventFeed[] = [];
    const feed = new EventFeed(3, (which) => closed.push(which));
    for (let i = 0; i < 10; i++) feed.push(`${i}\n\n`);
    expect(feed.closed).toBe(true);
    expect(feed.queued).toBe(0);
    expect(closed).toEqual([feed]);
    feed.close();
    expect(closed).toHaveLength(1);
});

test("a client that cancels the stream closes the feed", async () => {
    let closes = 0;
    const feed = new EventFeed(10, () => closes++);
    const reader = feed.stream().getReader();
    feed.push("x\n\n");
    await reader.read();
    await reader.cancel();
    expect(feed.closed).toBe(true);
    expect(closes).toBe(1);
});
