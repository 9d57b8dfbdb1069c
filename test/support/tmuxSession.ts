/**
 * A real pseudo-terminal for tests: a detached tmux session running one command line, read with
 * `capture-pane` and typed into with `send-keys`.
 */
export interface TmuxSession {
    /** Resolves once the screen shows `text`; fails with the screen after `timeoutMs`. */
    waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
    /** Keys as tmux names them: literal text, `Enter`, `Down`, `C-c`. */
    send(...keys: string[]): void;
    screen(): string;
    kill(): void;
}

let sessions = 0;

export function startTmux(commandLine: string, size = { width: 140, height: 50 }): TmuxSession {
    const name = `local-swarm-test-${process.pid}-${++sessions}`;
    tmux(["new-session", "-d", "-s", name, "-x", String(size.width), "-y", String(size.height), commandLine]);
    const screen = () => tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", name]);
    return {
        async waitFor(text, timeoutMs = 20_000) {
            const deadline = performance.now() + timeoutMs;
            for (;;) {
                const shown = screen();
                if (typeof text === "string" ? shown.includes(text) : text.test(shown)) return shown;
                if (performance.now() > deadline) throw new Error(`the terminal never showed ${String(text)}; it shows:\n${shown}`);
                await Bun.sleep(100);
            }
        },
        send(...keys) {
            for (const key of keys) tmux(["send-keys", "-t", name, ...(/^(Enter|BSpace|Escape|Tab|Up|Down|Left|Right|C-[a-z])$/.test(key) ? [key] : ["-l", key])]);
        },
        screen,
        kill() {
            Bun.spawnSync(["tmux", "kill-session", "-t", name], { stdout: "ignore", stderr: "ignore" });
        }
    };
}

function tmux(args: string[]): string {
    const result = Bun.spawnSync(["tmux", ...args], { stdout: "pipe", stderr: "pipe" });
    if (result.exitCode !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr.toString()}`);
    return result.stdout.toString();
}
