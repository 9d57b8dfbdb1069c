import path from "node:path";
import { PermissionError } from "../errors.ts";
import { splitWords } from "./splitWords.ts";

export interface CommandPolicy {
    /** Programs that may run; empty = any program not denied. */
    readonly allow: readonly string[];
    /** Programs that never run. */
    readonly deny: readonly string[];
}

/** Words that run the program named after them. */
const launchers = new Set(["env", "exec", "command", "builtin", "nice", "nohup", "time", "timeout", "xargs", "stdbuf", "setsid", "ionice", "chrt", "taskset"]);

/**
 * The program and arguments that run `command` under `policy`, or a refusal.
 *
 * Without an allow list the command goes to bash, and the deny list is a tripwire for mistakes,
 * not a wall: shell text can hide a program in many ways. With an allow list there is no shell:
 * the command must be plain words (`splitWords` refuses every operator and expansion), the first
 * is run directly, and it, and any program a launcher such as `env` would start, must be allowed.
 */
export function commandArgv(command: string, policy: CommandPolicy): string[] {
    if (policy.allow.length === 0) {
        for (const program of programsOf(command)) refuseDenied(program, policy);
        return ["bash", "--noprofile", "--norc", "-c", command];
    }
    const argv = splitWords(command);
    const program = argv[0] ?? "";
    if (program.includes("/"))
        throw new PermissionError(`execute_bash: with an allow list, programs are named, not given as paths ("${program}")`, { code: "command_denied" });
    for (const launched of launchedPrograms(argv)) {
        refuseDenied(launched, policy);
        if (!policy.allow.includes(launched))
            throw new PermissionError(`execute_bash: "${launched}" is not on the tool allow list (${policy.allow.join(", ")})`, { code: "command_denied" });
    }
    return argv;
}

function refuseDenied(program: string, policy: CommandPolicy): void {
    if (policy.deny.includes(program)) throw new PermissionError(`execute_bash: "${program}" is denied by the tool policy`, { code: "command_denied" });
}

/** The programs a bash command line starts: the first word of each simple command, launchers looked through. */
export function programsOf(command: string): string[] {
    return command.split(/\|\||&&|[;&|\n(){}`]|\$\(/).flatMap((segment) =>
        launchedPrograms(segment.trim().split(/\s+/).filter((word) => word !== "" && word !== "!").map((word) => word.replace(/^["']|["']$/g, ""))));
}

/** The program `words` start, and the ones each launcher among them starts. */
function launchedPrograms(words: readonly string[]): string[] {
    const programs: string[] = [];
    let index = words.findIndex((word) => !isAssignment(word));
    while (index >= 0 && index < words.length) {
        const program = path.basename(words[index] as string);
        if (program === "") break;
        programs.push(program);
        if (!launchers.has(program)) break;
        // Skip the launcher's options and assignments to reach the program it runs.
        index = words.findIndex((word, at) => at > index && !word.startsWith("-") && !isAssignment(word) && !/^\d+(\.\d+)?[smhd]?$/.test(word));
    }
    return programs;
}

function isAssignment(word: string): boolean {
    return /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
}
