import { canonicalJson } from "../canonicalJson.ts";
import { extractAnswer } from "../extractAnswer.ts";
import type { Candidate, StrategyName } from "../types.ts";

/**
 * What `auto` runs, and why: JSON or tool output → `json`; short or clearly marked answers (boxed,
 * "the answer is", a choice letter, a few words) → `answer`; code and prose → `similarity`.
 * A kind wins when at least half of the non-empty candidates show it. Code goes to `execution`
 * instead when the caller ran it (`executed`: only when running code is enabled).
 */
export function chooseStrategy(candidates: readonly Candidate[], executed = false): { strategy: StrategyName; reason: string } {
    const texts = candidates.map((candidate) => candidate.text).filter((text) => text.trim() !== "");
    const half = Math.max(1, texts.length / 2);
    const json = candidates.filter((candidate) => candidate.finishReason === "tool_calls" || canonicalJson(candidate.text) != null).length;
    if (json >= half) return { strategy: "json", reason: `auto: ${json} of ${texts.length} candidates are JSON` };
    const marked = texts.filter((text) => {
        const kind = extractAnswer(text)?.kind;
        return kind === "boxed" || kind === "phrase" || kind === "choice" || kind === "short";
    }).length;
    if (marked >= half) return { strategy: "answer", reason: `auto: ${marked} of ${texts.length} candidates state a short final answer` };
    const code = countCode(texts);
    if (code >= half) return { strategy: executed ? "execution" : "similarity", reason: `auto: ${code} of ${texts.length} candidates are code` };
    return { strategy: "similarity", reason: "auto: free-form prose" };
}

/** Candidates holding a fenced code block. */
function countCode(texts: readonly string[]): number {
    return texts.filter((text) => /^\s*```/m.test(text)).length;
}
