import type { SettingKind, SettingName, Settings, UserPaths } from "../config/index.ts";

/** An option a command has of its own (not a setting), e.g. `--json`. */
export interface CommandOption {
    readonly kind: SettingKind;
    readonly description: string;
}

export interface CommandContext {
    readonly settings: Settings;
    /** The command's own options, by camelCase name, as given on the command line. */
    readonly options: Readonly<Record<string, string | boolean | string[]>>;
    readonly positionals: readonly string[];
    readonly paths: UserPaths;
    /** Config file in use and whether the user named it. */
    readonly configFile: { readonly path: string; readonly explicit: boolean; readonly exists: boolean };
    readonly stdin: NodeJS.ReadableStream;
    readonly stdout: NodeJS.WritableStream;
    readonly stderr: NodeJS.WritableStream;
}

/** One `local-swarm <name>` command. `run` resolves to the process exit code. */
export interface Command {
    readonly name: string;
    readonly summary: string;
    /** Usage line without the program name, e.g. `hardware [--json]`. */
    readonly usage: string;
    /** Settings whose flags this command accepts. */
    readonly settings: readonly SettingName[];
    readonly options: Readonly<Record<string, CommandOption>>;
    run(context: CommandContext): Promise<number>;
}
