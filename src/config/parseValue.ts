import { ConfigError } from "../errors.ts";
import type { SettingSpec } from "./settings.ts";

/**
 * Turns a raw value from a flag, an environment variable or the config file into the setting's
 * kind, checking choices and bounds. `origin` names where it came from, for the error message.
 */
export function parseValue(name: string, spec: SettingSpec, raw: unknown, origin: string): unknown {
    const fail = (why: string): never => {
        throw new ConfigError(`${origin}: ${why}`);
    };
    switch (spec.kind) {
        case "string": {
            if (typeof raw !== "string") fail(`expected text for ${name}`);
            const value = raw as string;
            if (spec.choices != null && !spec.choices.includes(value))
                fail(`${name} must be one of ${spec.choices.join(", ")} (got "${value}")`);
            return value;
        }
        case "integer":
        case "number": {
            const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
            if (!Number.isFinite(value)) fail(`${name} must be a number (got ${JSON.stringify(raw)})`);
            if (spec.kind === "integer" && !Number.isInteger(value)) fail(`${name} must be a whole number (got ${value})`);
            if (spec.min != null && value < spec.min) fail(`${name} must be at least ${spec.min} (got ${value})`);
            if (spec.max != null && value > spec.max) fail(`${name} must be at most ${spec.max} (got ${value})`);
            return value;
        }
        case "boolean": {
            if (typeof raw === "boolean") return raw;
            if (typeof raw === "string") {
                const lowered = raw.toLowerCase();
                if (["1", "true", "yes", "on"].includes(lowered)) return true;
                if (["0", "false", "no", "off"].includes(lowered)) return false;
            }
            return fail(`${name} must be true or false (got ${JSON.stringify(raw)})`);
        }
        case "list": {
            if (Array.isArray(raw) && raw.every((item) => typeof item === "string")) return raw;
            if (typeof raw === "string") return raw.split(",").map((item) => item.trim()).filter((item) => item !== "");
            return fail(`${name} must be a list of text values`);
        }
    }
}
