import path from "node:path";
import { PermissionError } from "../errors.ts";

export interface CommandPolicy {
    /** Programs that may run; empty = any program not denied. */
    readonly allow: readonly string[];
    /** Programs that never run. */
    readonly deny: readonly string[];
}

/** Words that run the program named after them. */
const launchers = new Set(["env", "exec", "command", "builtin", "nice", "nohup", "time", "timeout", "xargs", "stdbuf", "setsid", "ionice", "chrt", "taskset"]);

/**
 * Refuses a command that runs a denied program, or (with an allow list) any program not on it.
 * This catches mistakes, not attackers: shell text can hide a program in many ways, which is why
 * an allow list also refuses `eval`, `source` and command substitution. The sandbox is what
 * contains a command; this policy only narrows what is asked of it.
 */
export function checkCommand(command: string, policy: CommandPolicy): void {
    const programs = programsOf(command);
    for (const program of programs)
        if (policy.deny.includes(program)) throw new PermissionError(`execute_bash: "${program}" is denied by the tool policy`, { code: "command_denied" });
    if (policy.allow.length === 0) return;
    if (/\$\(|`|<\(|>\(/.test(command) || programs.some((program) => program === "eval" || program === "source" || program === "."))
        throw new PermissionError("execute_bash: with an allow list, eval, source and command substitution are refused", { code: "command_denied" });
    for (const program of programs)
        if (!policy.allow.includes(program)) throw new PermissionError(`execute_bash: "${program}" is not on the tool allow list (${policy.allow.join(", ")})`, { code: "command_denied" });
}

/** The programs a command line starts: the first word of each simple command, launchers looked through. */
export function programsOf(command: string): string[] {
    const programs: string[] = [];
    for (const segment of command.split(/\|\||&&|[;&|\n(){}`]|\$\(/)) {
        const words = segment.trim().split(/\s+/).filter((word) => word !== "" && word !== "!");
        let index = words.findIndex((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
        while (index >= 0 && index < words.length) {
            const program = path.basename((words[index] as string).replace(/^["']|["']$/g, ""));
            if (program === "") break;
            programs.push(program);
            if (!launchers.has(program)) break;
            // Skip the launcher's options and assignments to reach the program it runs.
            index = words.findIndex((word, at) => at > index && !word.startsWith("-") && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) && !/^\d+(\.\d+)?[smhd]?$/.test(word));
        }
    }
    return programs;
}
