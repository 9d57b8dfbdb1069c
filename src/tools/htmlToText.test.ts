import { describe, expect, test } from "bun:test";
import { htmlToText } from "./htmlToText.ts";

describe("htmlToText", () => {
    test("keeps the words a reader sees and drops the rest", async () => {
        const page = `<!doctype html><html><head><title>The &amp; Page</title><style>p{color:red}</style>
            <script>alert("x")</script></head><body><!-- hidden --><h1>Heading</h1>
            <p>First   paragraph with <a href="/x">a link</a>&nbsp;and &#8220;quotes&#x201d;.</p>
            <ul><li>one</li><li>two</li></ul><noscript>enable js</noscript>
            <table><tr><td>a</td><td>b</td></tr></table></body></html>`;
        expect(await htmlToText(page)).toEqual({ title: "The & Page", text: "Heading\n\nFirst paragraph with a link and “quotes”.\n\n- one\n- two\n\na b", truncated: false });
    });

    test("decodes entities as browsers do and leaves unknown ones as they are", async () => {
        expect((await htmlToText("a &bogus; b &#0; c &hearts;")).text).toBe("a &bogus; b \uFFFD c ♥");
    });

    // The regexes this replaced took 8.3 s on 256 KB of "<" and held the event loop 33.5 s on 512 KiB.
    test("a page of 2 MiB of '<' converts without holding the event loop", async () => {
        for (const page of ["<".repeat(2 * 1024 * 1024), "<a ".repeat(700_000), "<!--".repeat(500_000), "<script>".repeat(250_000)]) {
            let longestGap = 0;
            let last = performance.now();
            const timer = setInterval(() => {
                const now = performance.now();
                longestGap = Math.max(longestGap, now - last);
                last = now;
            }, 5);
            const started = performance.now();
            const { truncated } = await htmlToText(page);
            clearInterval(timer);
            const took = performance.now() - started;
            console.error(`htmlToText ${page.slice(0, 8)}… ${page.length} chars: ${took.toFixed(0)} ms, longest event-loop gap ${longestGap.toFixed(0)} ms, truncated ${truncated}`);
            // Generous bounds: a loaded machine is slower, a quadratic conversion is slower by orders of magnitude.
            expect(longestGap).toBeLessThan(1_000);
            expect(took).toBeLessThan(10_000);
        }
    }, 60_000);

    test("stops at its time budget and says so", async () => {
        const { truncated, text } = await htmlToText("<p>word</p>".repeat(200_000), 0);
        expect(truncated).toBe(true);
        expect(text.length).toBeLessThan(200_000 * 4);
    });
});
