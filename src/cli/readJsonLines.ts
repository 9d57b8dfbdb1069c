import readline from "node:readline";

/** One non-blank input line: its 1-based number and the parsed JSON, or the parse error. */
export type JsonLine = { readonly line: number; readonly value: unknown } | { readonly line: number; readonly error: string };

/** Reads JSONL as it arrives, so a long stream is answered line by line. */
export async function* readJsonLines(input: NodeJS.ReadableStream): AsyncGenerator<JsonLine> {
    let line = 0;
    for await (const text of readline.createInterface({ input, crlfDelay: Infinity })) {
        line++;
        if (text.trim() === "") continue;
        try {
            yield { line, value: JSON.parse(text) };
        } catch (error) {
            yield { line, error: `not valid JSON: ${(error as Error).message}` };
        }
    }
}
