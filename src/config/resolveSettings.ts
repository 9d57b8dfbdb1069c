import { ConfigError } from "../errors.ts";
import { envName } from "./names.ts";
import { parseValue } from "./parseValue.ts";
import { settingsTable, type SettingName, type Settings, type SettingSpec } from "./settings.ts";

export interface SettingSources {
    /** Values from the command line, by setting name (already camelCase). */
    readonly flags?: Readonly<Record<string, unknown>>;
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly file?: Readonly<Record<string, unknown>>;
    /** Name of the config file, for error messages. */
    readonly fileName?: string;
}

/** Resolves every setting: flag > env > config file > default. Throws ConfigError on a bad value. */
export function resolveSettings(sources: SettingSources): Settings {
    const { flags = {}, env = {}, file = {}, fileName = "config file" } = sources;
    for (const key of Object.keys(file))
        if (!(key in settingsTable)) throw new ConfigError(`${fileName}: unknown setting "${key}"`);

    const resolved: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(settingsTable) as [SettingName, SettingSpec][]) {
        const variable = envName(name);
        if (flags[name] !== undefined) resolved[name] = parseValue(name, spec, flags[name], `--${name}`);
        else if (env[variable] !== undefined && env[variable] !== "") resolved[name] = parseValue(name, spec, env[variable], variable);
        else if (file[name] !== undefined) resolved[name] = parseValue(name, spec, file[name], fileName);
        else resolved[name] = spec.default;
    }
    return resolved as Settings;
}
