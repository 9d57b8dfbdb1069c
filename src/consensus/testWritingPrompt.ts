import type { CodeLanguage } from "./executionTypes.ts";
import { extractCode } from "./extractCode.ts";

/** Assertions asked of each worker. */
const assertionsPerWorker = 5;
/** Most self-written tests kept over all workers. */
const maxWrittenTests = 64;

const assertionForm: Readonly<Record<CodeLanguage, string>> = {
    python: "Python `assert` statements, e.g. `assert add(2, 3) == 5`",
    javascript: "JavaScript `assert(...)` calls, e.g. `assert(add(2, 3) === 5)`",
    typescript: "TypeScript `assert(...)` calls, e.g. `assert(add(2, 3) === 5)`"
};

/**
 * The prompt each worker answers, after the candidates, to write tests for the `execution`
 * strategy (CodeT's idea: the model writes the tests too). `signature` is the function's first line
 * as most candidates wrote it, so the tests call the name the code really defines.
 */
export function testWritingPrompt(request: string, language: CodeLanguage, signature?: string): string {
    return [
        "Write tests for the code this request asks for.",
        "",
        `Request:\n${request.trim()}`,
        "",
        ...(signature == null ? [] : [`The function: ${signature}`, ""]),
        `Write ${assertionsPerWorker} ${assertionForm[language]}, one per line, each checking one call on a concrete input against its exact expected result.`,
        "Only the assertions: no imports, no function definition, no explanations."
    ].join("\n");
}

/** The most common first line of a function definition among the programs. */
export function commonSignature(programs: readonly string[]): string | undefined {
    const counts = new Map<string, number>();
    for (const program of programs) {
        const line = /^[ \t]*((?:async\s+)?def\s+\w+\s*\(.*|(?:export\s+)?(?:async\s+)?function\s+\w+\s*[(<].*)$/m.exec(program)?.[1]?.trim();
        if (line != null) counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/**
 * The assertion lines of the workers' replies (from a fenced block when there is one), deduplicated
 * in order, at most 64. Whether each parses is checked where it runs: those that do not are dropped.
 */
export function parseWrittenTests(replies: readonly string[], language: CodeLanguage): string[] {
    const start = language === "python" ? /^assert\b/ : /^assert\s*[(.]/;
    const tests = new Set<string>();
    for (const reply of replies)
        for (const line of extractCode(reply).code.split("\n")) {
            const test = line.trim().replace(/;$/, "");
            if (start.test(test)) tests.add(test);
        }
    return [...tests].slice(0, maxWrittenTests);
}
