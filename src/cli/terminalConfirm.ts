import readline from "node:readline";

export interface TerminalConfirm {
    /** Asks `question [y/N]`; anything but y/yes, or the end of input, is no. */
    ask(question: string): Promise<boolean>;
    close(): void;
}

/** Yes/no questions on the terminal (or whatever stdin is); one line of input answers each. */
export function terminalConfirm(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): TerminalConfirm {
    const lines = readline.createInterface({ input, output, terminal: false });
    const waiting: ((line: string | undefined) => void)[] = [];
    const buffered: string[] = [];
    let ended = false;
    lines.on("line", (line) => {
        const next = waiting.shift();
        if (next != null) next(line);
        else buffered.push(line);
    });
    lines.on("close", () => {
        ended = true;
        for (const next of waiting.splice(0)) next(undefined);
    });
    return {
        async ask(question) {
            output.write(`${question} [y/N] `);
            const line = buffered.shift() ?? (ended ? undefined : await new Promise<string | undefined>((resolve) => waiting.push(resolve)));
            if (line == null) output.write("\n");
            return line != null && /^\s*y(es)?\s*$/i.test(line);
        },
        close() {
            lines.close();
        }
    };
}
