/**
 * Readable text from an HTML page: scripts, styles and markup dropped, block elements on their
 * own lines, list items bulleted, entities decoded, whitespace collapsed. Not a full HTML parser;
 * enough for a model to read a page.
 */
export function htmlToText(html: string): { title: string | undefined; text: string } {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
    const text = html
        .replace(/<!--[\s\S]*?-->/g, "")
        .replace(/<(script|style|noscript|template|svg|head|iframe|object)\b[\s\S]*?<\/\1\s*>/gi, "")
        .replace(/<li\b[^>]*>/gi, "\n- ")
        .replace(/<br\s*\/?>/gi, "\n")
        .replace(/<\/?(p|div|section|article|header|footer|nav|aside|main|h[1-6]|ul|ol|table|tr|pre|blockquote|hr|form|dl|dt|dd|figure|figcaption)\b[^>]*>/gi, "\n")
        .replace(/<\/t[dh]\s*>/gi, "\t")
        .replace(/<[^>]*>/g, "");
    return {
        title: title == null ? undefined : collapse(decodeEntities(title.replace(/<[^>]*>/g, ""))),
        text: decodeEntities(text)
            .split("\n")
            .map(collapse)
            .join("\n")
            .replace(/\n{3,}/g, "\n\n")
            .trim()
    };
}

const named: Readonly<Record<string, string>> = {
    amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: " ", copy: "©", reg: "®", trade: "™",
    hellip: "…", mdash: "—", ndash: "–", lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", bull: "•", middot: "·", euro: "€"
};

function decodeEntities(text: string): string {
    return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
        if (body.startsWith("#")) {
            const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
            return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
        }
        return named[body.toLowerCase()] ?? entity;
    });
}

function collapse(line: string): string {
    return line.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim();
}
