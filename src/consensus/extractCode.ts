import type { CodeLanguage } from "./executionTypes.ts";

export interface ExtractedCode {
    readonly code: string;
    /** The fence's info string, lower-cased ("python", "ts"); undefined when the text had no fence. */
    readonly tag?: string;
}

const closedFence = /^[ \t]*```[ \t]*([^\n`]*)\n([\s\S]*?)^[ \t]*```/gm;
const openFence = /^[ \t]*```[ \t]*([^\n`]*)\n([\s\S]*)$/m;

/**
 * A candidate's code: its last fenced block (a block cut off by the length limit counts from its
 * fence to the end), or the whole text when it has no fence (a completion of a code prefix).
 */
export function extractCode(text: string): ExtractedCode {
    const blocks = [...text.matchAll(closedFence)];
    const last = blocks.at(-1);
    if (last != null) return withTag(last[2]!, last[1]!);
    const open = openFence.exec(text);
    if (open != null) return withTag(open[2]!, open[1]!);
    return { code: text };
}

function withTag(code: string, info: string): ExtractedCode {
    const tag = info.trim().split(/\s+/)[0]!.toLowerCase();
    return tag === "" ? { code } : { code, tag };
}

const tagLanguages: Readonly<Record<string, CodeLanguage>> = {
    python: "python", py: "python", python3: "python",
    javascript: "javascript", js: "javascript", mjs: "javascript", node: "javascript", jsx: "javascript",
    typescript: "typescript", ts: "typescript", tsx: "typescript"
};

/** The language a name or fence tag stands for; undefined for languages that cannot run here. */
export function languageOf(name: string): CodeLanguage | undefined {
    return tagLanguages[name.trim().toLowerCase()];
}

/**
 * The language of the candidates' code: the fence tag most candidates use, else a word in the
 * prompt ("in Python"), else what the code itself looks like. `unsupported` names a fence language
 * that cannot run here ("go").
 */
export function detectLanguage(codes: readonly ExtractedCode[], prompt?: string): { language?: CodeLanguage; unsupported?: string } {
    const tags = new Map<string, number>();
    for (const { tag } of codes) if (tag != null) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    const top = [...tags].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    if (top != null) return languageOf(top) == null ? { unsupported: top } : { language: languageOf(top)! };
    const named = /\b(python|typescript|javascript)\b/i.exec(prompt ?? "")?.[1];
    if (named != null) return { language: languageOf(named)! };
    const text = codes.map((code) => code.code).join("\n");
    if (/^\s*def \w+\s*\(/m.test(text)) return { language: "python" };
    if (/\bfunction\s+\w+\s*\(|=>|^\s*(const|let)\s/m.test(text)) return { language: /:\s*(number|string|boolean)\b/.test(text) ? "typescript" : "javascript" };
    return {};
}
