import { normalizeAnswer } from "./normalizeAnswer.ts";
import { canonicalJson } from "./canonicalJson.ts";

/**
 * How an answer was found, strongest first. `auto` treats boxed/phrase/choice/short/json answers
 * as "this is a question with one answer"; `code` and `number` only count once `answer` runs.
 */
export type AnswerKind = "boxed" | "phrase" | "choice" | "json" | "short" | "code" | "number";

export interface ExtractedAnswer {
    /** Normalised answer; equal keys mean the same answer. */
    readonly key: string;
    readonly kind: AnswerKind;
}

/** Texts up to this many characters and words, on one line, are an answer by themselves ("42", "Paris", "x = 5"). */
const shortAnswerChars = 40;
const shortAnswerWords = 4;
const shortExpressionChars = 200;

/** Finds the final answer in free text, or undefined when there is none to vote on. */
export function extractAnswer(text: string): ExtractedAnswer | undefined {
    const trimmed = text.trim();
    if (trimmed === "") return undefined;
    const boxed = lastBoxed(trimmed);
    if (boxed != null && boxed.trim() !== "") return { key: normalizeAnswer(boxed), kind: "boxed" };
    const json = canonicalJson(trimmed);
    if (json != null) return { key: json, kind: "json" };
    const phrase = answerPhrase(trimmed);
    if (phrase != null) {
        const key = normalizeAnswer(phrase);
        return { key, kind: /^[A-E]$/.test(key) ? "choice" : "phrase" };
    }
    if (isShortAnswer(trimmed)) {
        const key = normalizeAnswer(trimmed);
        return { key, kind: /^[A-E]$/.test(key) ? "choice" : "short" };
    }
    const code = lastCodeBlock(trimmed);
    if (code != null) return { key: code, kind: "code" };
    const number = lastNumber(trimmed);
    if (number != null) return { key: normalizeAnswer(number), kind: "number" };
    return undefined;
}

/** A few words on one line, or one expression without spaces ("\\frac{16}{49}", "(1,2,3)"). */
function isShortAnswer(text: string): boolean {
    if (text.includes("\n")) return false;
    if (text.length <= shortAnswerChars && text.split(/\s+/).length <= shortAnswerWords) return true;
    return text.length <= shortExpressionChars && !/\s/.test(text);
}

/** Content of the last `\boxed{...}` / `\fbox{...}`, braces balanced. */
function lastBoxed(text: string): string | undefined {
    const start = Math.max(text.lastIndexOf("\\boxed{"), text.lastIndexOf("\\fbox{"));
    if (start === -1) return undefined;
    const open = text.indexOf("{", start);
    let depth = 0;
    for (let index = open; index < text.length; index++) {
        if (text[index] === "{") depth++;
        else if (text[index] === "}" && --depth === 0) return text.slice(open + 1, index);
    }
    return undefined;
}

const phrasePattern = /(?:final answer|the answer|correct answer|answer|correct option|correct choice)\s*(?:is|:|=)\s*:?\s*(.+)/gi;

/** The text after the last "the answer is" / "Answer:" (up to the end of its sentence). */
function answerPhrase(text: string): string | undefined {
    let last: string | undefined;
    for (const match of text.matchAll(phrasePattern)) last = match[1];
    if (last == null) return undefined;
    const sentence = last
        .replace(/\*\*/g, "")
        .trim()
        .replace(/^[:\s]+/, "")
        .split(/(?<=[^\d\\])\.(?:\s|$)|\n/)[0]!
        .trim();
    const choice = /^\(?([A-E])\)?(?:[).:,\s]|$)/.exec(sentence);
    if (choice != null) return choice[1];
    return sentence === "" ? undefined : sentence;
}

/** The last fenced code block, trailing spaces and blank edges trimmed. */
function lastCodeBlock(text: string): string | undefined {
    const blocks = [...text.matchAll(/```[^\n`]*\n([\s\S]*?)```/g)];
    const body = blocks.at(-1)?.[1];
    if (body == null) return undefined;
    const code = body.split("\n").map((line) => line.trimEnd()).join("\n").trim();
    return code === "" ? undefined : code;
}

/** The last number in the text, with thousands commas, sign and decimals. */
function lastNumber(text: string): string | undefined {
    const numbers = text.match(/-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?(?:\/\d+)?/g);
    return numbers?.at(-1);
}
