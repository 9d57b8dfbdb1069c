import { envName, flagName, settingsTable, type SettingSpec } from "../config/index.ts";
import type { Command } from "./command.ts";

export function programHelp(commands: readonly Command[]): string {
    const width = Math.max(...commands.map((command) => command.name.length), 4);
    return [
        "local-swarm: a swarm of local LLM workers that vote on every answer, behind an OpenAI-compatible API.",
        "",
        "Usage: local-swarm <command> [options]",
        "",
        "Commands:",
        ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
        "",
        "Run `local-swarm <command> --help` for a command's options.",
        "Settings come from flags, then LOCAL_SWARM_* environment variables, then the config file, then defaults."
    ].join("\n");
}

export function commandHelp(command: Command): string {
    const rows: [string, string][] = [];
    for (const name of command.settings) {
        const spec = settingsTable[name] as SettingSpec;
        const flag = spec.kind === "boolean" ? `--[no-]${flagName(name)}` : `--${flagName(name)} <${spec.kind === "list" ? "value, repeatable" : spec.kind}>`;
        const shown = spec.secret === true || spec.default === undefined ? "unset" : JSON.stringify(spec.default);
        const choices = spec.choices != null ? ` (${spec.choices.join("|")})` : "";
        rows.push([flag, `${spec.description}${choices}. Default ${shown}; env ${envName(name)}`]);
    }
    for (const [name, option] of Object.entries(command.options))
        rows.push([option.kind === "boolean" ? `--${flagName(name)}` : `--${flagName(name)} <${option.kind}>`, option.description]);
    rows.push(["--config <file>", "Config file to read (default: the user's config dir; env LOCAL_SWARM_CONFIG)"]);
    rows.push(["--help", "Show this help"]);
    const width = Math.max(...rows.map(([flag]) => flag.length));
    return [
        `Usage: local-swarm ${command.usage}`,
        "",
        command.summary,
        "",
        "Options:",
        ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`)
    ].join("\n");
}
