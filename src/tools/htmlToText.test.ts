import { describe, expect, test } from "bun:test";
import { htmlToText } from "./htmlToText.ts";

describe("htmlToText", () => {
    test("keeps the words a reader sees and drops the rest", () => {
        const page = `<!doctype html><html><head><title>The &amp; Page</title><style>p{color:red}</style>
            <script>alert("x")</script></head><body><!-- hidden --><h1>Heading</h1>
            <p>First   paragraph with <a href="/x">a link</a>&nbsp;and &#8220;quotes&#x201d;.</p>
            <ul><li>one</li><li>two</li></ul><noscript>enable js</noscript>
            <table><tr><td>a</td><td>b</td></tr></table></body></html>`;
        const { title, text } = htmlToText(page);
        expect(title).toBe("The & Page");
        expect(text).toBe("Heading\n\nFirst paragraph with a link and “quotes”.\n\n- one\n- two\n\na b");
    });

    test("leaves unknown entities as they are", () => {
        expect(htmlToText("a &bogus; b &#0; c").text).toBe("a &bogus; b &#0; c");
    });
});
