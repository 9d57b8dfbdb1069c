import fs from "node:fs";
import { ConfigError } from "../errors.ts";

/**
 * Reads the JSON config file. A missing file is an empty config unless the user named it
 * explicitly (then it is an error); a file that is not a JSON object is always an error.
 */
export function readConfigFile(file: string, explicit: boolean): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT" && !explicit) return {};
        throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`, { cause: error });
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new ConfigError(`config file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    if (parsed == null || typeof parsed !== "object" || Array.isArray(parsed))
        throw new ConfigError(`config file ${file} must hold a JSON object`);
    return parsed as Record<string, unknown>;
}

/** Writes the config atomically (temp file + rename), so a crash never leaves half a file. */
export function writeConfigFile(file: string, config: Record<string, unknown>): void {
    const dir = file.slice(0, Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")));
    if (dir !== "") fs.mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(config, null, 4) + "\n", { mode: 0o600 });
    fs.renameSync(temp, file);
}
