import type { JsonSchema, JsonSchemaType } from "./jsonSchema.ts";

/**
 * Checks `value` against `schema` and returns the first problem as a sentence naming where it is
 * (`arguments.path: expected string`), or undefined when the value fits. Keywords outside
 * `JsonSchema` are ignored, as JSON Schema says unknown keywords must be.
 */
export function validateJson(schema: JsonSchema, value: unknown, where = "value"): string | undefined {
    if (schema.const !== undefined && !sameJson(schema.const, value))
        return `${where}: expected ${JSON.stringify(schema.const)}`;
    if (schema.enum != null && !schema.enum.some((option) => sameJson(option, value)))
        return `${where}: expected one of ${schema.enum.map((option) => JSON.stringify(option)).join(", ")}`;
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives != null && !alternatives.some((option) => validateJson(option, value, where) === undefined))
        return `${where}: matches none of the allowed forms`;
    if (schema.type != null) {
        const types: readonly JsonSchemaType[] = typeof schema.type === "string" ? [schema.type] : schema.type;
        if (!types.some((type) => hasType(type, value))) return `${where}: expected ${types.join(" or ")}`;
    }
    if (typeof value === "string") {
        if (schema.minLength != null && value.length < schema.minLength) return `${where}: shorter than ${schema.minLength} characters`;
        if (schema.maxLength != null && value.length > schema.maxLength) return `${where}: longer than ${schema.maxLength} characters`;
    }
    if (typeof value === "number") {
        if (schema.minimum != null && value < schema.minimum) return `${where}: less than ${schema.minimum}`;
        if (schema.maximum != null && value > schema.maximum) return `${where}: more than ${schema.maximum}`;
    }
    if (Array.isArray(value)) {
        if (schema.minItems != null && value.length < schema.minItems) return `${where}: fewer than ${schema.minItems} items`;
        if (schema.maxItems != null && value.length > schema.maxItems) return `${where}: more than ${schema.maxItems} items`;
        if (schema.items != null) {
            for (const [index, item] of value.entries()) {
                const problem = validateJson(schema.items, item, `${where}[${index}]`);
                if (problem != null) return problem;
            }
        }
    }
    if (isPlainObject(value)) return validateObject(schema, value, where);
    return undefined;
}

function validateObject(schema: JsonSchema, value: Record<string, unknown>, where: string): string | undefined {
    for (const name of schema.required ?? [])
        if (!(name in value)) return `${where}.${name}: required`;
    for (const [name, item] of Object.entries(value)) {
        const property = schema.properties?.[name];
        if (property != null) {
            const problem = validateJson(property, item, `${where}.${name}`);
            if (problem != null) return problem;
        } else if (schema.additionalProperties === false) {
            return `${where}.${name}: not allowed`;
        } else if (typeof schema.additionalProperties === "object") {
            const problem = validateJson(schema.additionalProperties, item, `${where}.${name}`);
            if (problem != null) return problem;
        }
    }
    return undefined;
}

function hasType(type: JsonSchemaType, value: unknown): boolean {
    switch (type) {
        case "object": return isPlainObject(value);
        case "array": return Array.isArray(value);
        case "string": return typeof value === "string";
        case "number": return typeof value === "number" && Number.isFinite(value);
        case "integer": return typeof value === "number" && Number.isInteger(value);
        case "boolean": return typeof value === "boolean";
        case "null": return value === null;
    }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}
