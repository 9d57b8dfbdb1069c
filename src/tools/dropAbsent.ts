import type { JsonSchema } from "./jsonSchema.ts";
import { validateJson } from "./validateJson.ts";

/**
 * Arguments as the client's schema means them: an optional property the grammar wrote as null
 * (its way of leaving it out, see `toGrammarSchema`) is removed, unless the schema allows null
 * there. Nested objects and arrays are cleaned the same way; the value is not modified.
 */
export function dropAbsent(schema: JsonSchema, value: unknown): unknown {
    if (Array.isArray(value)) return schema.items == null ? value : value.map((item) => dropAbsent(schema.items!, item));
    if (typeof value !== "object" || value === null || schema.properties == null) return value;
    const required = new Set(schema.required ?? []);
    const kept: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
        const property = schema.properties[name];
        if (property == null) kept[name] = item;
        else if (item !== null || required.has(name) || validateJson(property, null) === undefined) kept[name] = dropAbsent(property, item);
    }
    return kept;
}
