import { Parser } from "htmlparser2";

export interface PageText {
    readonly title: string | undefined;
    readonly text: string;
    /** True when the time budget ran out and the text stops where the conversion got to. */
    readonly truncated: boolean;
}

/** Elements whose content a reader never sees. */
const hidden = new Set(["script", "style", "noscript", "template", "svg", "head", "iframe", "object"]);
/** Elements that start and end a line of their own. */
const blocks = new Set(["p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "table", "tr", "pre", "blockquote", "hr", "form", "dl", "dt", "dd", "figure", "figcaption"]);
/** Characters handed to the parser between looks at the clock and turns of the event loop. */
const chunkChars = 64 * 1024;

/**
 * Readable text from an HTML page: scripts, styles and markup dropped, block elements on their own
 * lines, list items bulleted, entities decoded, whitespace collapsed. htmlparser2's tokenizer is
 * one pass over the page, so the work grows with its length, whatever markup it holds. The page is
 * fed in chunks, yielding to the event loop between them, and the conversion stops at `budgetMs`.
 */
export async function htmlToText(html: string, budgetMs = 2_000): Promise<PageText> {
    const out: string[] = [];
    const title: string[] = [];
    let hiddenDepth = 0;
    let inTitle = false;
    const parser = new Parser({
        onopentag(name) {
            if (name === "title") inTitle = true;
            if (hidden.has(name)) hiddenDepth++;
            else if (name === "li") out.push("\n- ");
            else if (name === "br" || blocks.has(name)) out.push("\n");
        },
        onclosetag(name) {
            if (name === "title") inTitle = false;
            if (hidden.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
            else if (blocks.has(name)) out.push("\n");
            else if (name === "td" || name === "th") out.push("\t");
        },
        ontext(text) {
            if (inTitle) title.push(text);
            else if (hiddenDepth === 0) out.push(text);
        }
    }, { decodeEntities: true });
    const started = performance.now();
    let truncated = false;
    for (let at = 0; at < html.length; at += chunkChars) {
        if (performance.now() - started > budgetMs) {
            truncated = true;
            break;
        }
        parser.write(html.slice(at, at + chunkChars));
        await new Promise((resolve) => setImmediate(resolve));
    }
    parser.end();
    const shownTitle = collapse(title.join(""));
    return {
        title: title.length === 0 ? undefined : shownTitle,
        text: out.join("").split("\n").map(collapse).join("\n").replace(/\n{3,}/g, "\n\n").trim(),
        truncated
    };
}

function collapse(line: string): string {
    return line.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim();
}
