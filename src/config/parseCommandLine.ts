import { ConfigError } from "../errors.ts";
import { settingName } from "./names.ts";
import type { SettingKind } from "./settings.ts";

export interface ParsedCommandLine {
    /** Flag values by camelCase name: text, `true`/`false` for switches, arrays for lists. */
    readonly values: Record<string, string | boolean | string[]>;
    readonly positionals: string[];
}

/**
 * Parses `--name value`, `--name=value`, `--switch`, `--no-switch`, repeated list flags and `--`.
 * `kinds` says which flags exist and whether they take a value; anything else is an error.
 */
export function parseCommandLine(argv: readonly string[], kinds: Readonly<Record<string, SettingKind>>): ParsedCommandLine {
    const values: Record<string, string | boolean | string[]> = {};
    const positionals: string[] = [];
    for (let index = 0; index < argv.length; index++) {
        const arg = argv[index]!;
        if (arg === "--") {
            positionals.push(...argv.slice(index + 1));
            break;
        }
        if (!arg.startsWith("--") || arg === "-") {
            if (arg.startsWith("-") && arg !== "-") throw new ConfigError(`unknown option ${arg}; see --help`);
            positionals.push(arg);
            continue;
        }
        const eq = arg.indexOf("=");
        const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
        let name = settingName(flag);
        let kind = kinds[name];
        let negated = false;
        if (kind == null && flag.startsWith("no-") && kinds[settingName(flag.slice(3))] === "boolean") {
            name = settingName(flag.slice(3));
            kind = "boolean";
            negated = true;
        }
        if (kind == null) throw new ConfigError(`unknown option --${flag}; see --help`);
        if (kind === "boolean") {
            if (eq !== -1 && negated) throw new ConfigError(`--${flag} takes no value`);
            values[name] = eq !== -1 ? arg.slice(eq + 1) : !negated;
            continue;
        }
        let value: string;
        if (eq !== -1) value = arg.slice(eq + 1);
        else {
            const next = argv[index + 1];
            if (next == null) throw new ConfigError(`--${flag} needs a value`);
            value = next;
            index++;
        }
        if (kind === "list") {
            const existing = values[name];
            values[name] = [...(Array.isArray(existing) ? existing : []), value];
        } else values[name] = value;
    }
    return { values, positionals };
}
