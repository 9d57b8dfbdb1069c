import { PermissionError } from "../errors.ts";

/** Characters that mean something to a shell outside quotes: operators, expansions, globs, comments. */
const shellSyntax = new Set([..."$`;|&<>(){}*?[]~#!\\\n\r"]);

/**
 * A command line as plain words, for running without a shell: words split on spaces and tabs,
 * '...' taken literally, "..." taken literally when it holds no `$`, backquote or backslash.
 * Anything a shell would interpret (operators, redirections, expansions, globs, comments,
 * escapes) is refused rather than given a meaning, so what runs is exactly what was written.
 */
export function splitWords(command: string): string[] {
    const words: string[] = [];
    let word: string | undefined;
    for (let at = 0; at < command.length; at++) {
        const char = command[at] as string;
        if (char === " " || char === "\t") {
            if (word != null) words.push(word);
            word = undefined;
        } else if (char === "'" || char === "\"") {
            const end = command.indexOf(char, at + 1);
            if (end < 0) throw refusal(`an unclosed ${char}`);
            const quoted = command.slice(at + 1, end);
            const special = char === "\"" ? /[$`\\]/.exec(quoted)?.[0] : undefined;
            if (special != null) throw refusal(`"${special}" inside double quotes`);
            word = (word ?? "") + quoted;
            at = end;
        } else if (shellSyntax.has(char)) {
            throw refusal(`"${char === "\n" ? "\\n" : char === "\r" ? "\\r" : char}"`);
        } else {
            word = (word ?? "") + char;
        }
    }
    if (word != null) words.push(word);
    if (words.length === 0) throw refusal("an empty command");
    return words;
}

function refusal(what: string): PermissionError {
    return new PermissionError(
        `execute_bash: with an allow list, commands run without a shell, so shell syntax is refused: ${what}. Write one program and its arguments; put text in '...' to pass it literally`,
        { code: "command_denied" }
    );
}
