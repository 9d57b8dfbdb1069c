import { ToolFailedError } from "../errors.ts";
import { htmlToText } from "./htmlToText.ts";
import { safeFetch, type SafeFetchOptions } from "./safeFetch.ts";
import type { Tool } from "./Tool.ts";

/** Most characters of text handed back to the model. */
const maxTextChars = 100_000;

export function webfetchTool(options: Omit<SafeFetchOptions, "signal"> = {}): Tool<{ url: string }> {
    return {
        name: "webfetch",
        description: "Fetch a public http(s) page and return its text (HTML converted to plain text). Addresses on this machine or private networks are refused.",
        parameters: {
            type: "object",
            properties: { url: { type: "string", minLength: 1, description: "An http:// or https:// URL" } },
            required: ["url"],
            additionalProperties: false
        },
        mutates: false,
        run: async ({ url }, signal) => {
            const page = await safeFetch(url, { ...options, signal });
            const mime = (page.contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
            if (!isText(mime, page.body))
                throw new ToolFailedError(`webfetch: ${page.url} is ${mime === "" ? "binary" : mime}, not text`, { code: "not_text" });
            const decoded = decode(page.body, page.contentType);
            const { title, text, truncated } = mime.includes("html") || (mime === "" && /^\s*</.test(decoded)) ? await htmlToText(decoded) : { title: undefined, text: decoded, truncated: false };
            return {
                url: page.url,
                status: page.status,
                content_type: page.contentType ?? null,
                title: title ?? null,
                text: text.slice(0, maxTextChars),
                truncated: page.truncated || truncated || text.length > maxTextChars
            };
        }
    };
}

function isText(mime: string, body: Buffer): boolean {
    if (mime.startsWith("text/") || /[+/](json|xml|javascript)$/.test(mime) || mime === "application/xhtml+xml") return true;
    // No or a vague type: text when the start has no NUL bytes.
    return (mime === "" || mime === "application/octet-stream") && !body.subarray(0, 1024).includes(0);
}

function decode(body: Buffer, contentType: string | undefined): string {
    const charset = /charset=["']?([\w-]+)/i.exec(contentType ?? "")?.[1];
    try {
        return new TextDecoder(charset ?? "utf-8").decode(body);
    } catch {
        return new TextDecoder("utf-8").decode(body);
    }
}
