import type { GbnfJsonSchema } from "node-llama-cpp";
import { InvalidRequestError } from "../errors.ts";

type Primitive = string | number | boolean | null;
const primitiveTypes = new Set(["string", "number", "integer", "boolean", "null"]);
const stringFormats = new Set(["date-time", "time", "date"]);

/**
 * The grammar form (node-llama-cpp's JSON schema subset) of a tool's `parameters` schema, so the
 * model can only produce arguments of the right shape. Its grammar writes every property of an
 * object, so optional properties become nullable (see `dropAbsent`). Keywords a grammar cannot enforce
 * (minimum, pattern, ...) are left out here and checked on the finished arguments instead;
 * forms it cannot express at all (allOf, not, remote $ref) are refused with a 400 naming `where`.
 */
export function toGrammarSchema(schema: unknown, where: string): GbnfJsonSchema {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema))
        throw invalid(where, "must be a JSON schema object");
    const source = schema as Record<string, unknown>;
    const description = typeof source.description === "string" ? { description: source.description } : {};
    const defs = convertDefs(source, where);

    for (const keyword of ["allOf", "not", "if", "patternProperties"])
        if (keyword in source) throw invalid(where, `"${keyword}" is not supported in tool parameters`);
    if (typeof source.$ref === "string") {
        const name = /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(source.$ref)?.[1];
        if (name == null) throw invalid(where, `only local "#/$defs/..." references are supported (got ${source.$ref})`);
        return { $ref: `#/$defs/${name}`, ...description, ...defs } as GbnfJsonSchema;
    }
    if ("const" in source) return { const: primitive(source.const, `${where}.const`), ...description };
    if (Array.isArray(source.enum)) {
        if (source.enum.length === 0) throw invalid(`${where}.enum`, "must list at least one value");
        return { enum: source.enum.map((value, index) => primitive(value, `${where}.enum[${index}]`)), ...description };
    }
    const alternatives = source.anyOf ?? source.oneOf;
    if (alternatives != null) {
        if (!Array.isArray(alternatives) || alternatives.length === 0) throw invalid(where, "anyOf/oneOf must be a non-empty array");
        return { oneOf: alternatives.map((option, index) => toGrammarSchema(option, `${where}.anyOf[${index}]`)), ...description, ...defs } as GbnfJsonSchema;
    }

    const type = source.type ?? (source.properties != null ? "object" : source.items != null ? "array" : undefined);
    if (type == null) return { ...anyValue, ...description };
    if (Array.isArray(type)) {
        if (type.every((item) => typeof item === "string" && primitiveTypes.has(item))) return { type: type as ("string" | "number")[], ...description };
        return { oneOf: type.map((item, index) => toGrammarSchema({ ...source, type: item }, `${where}.type[${index}]`)), ...description, ...defs } as GbnfJsonSchema;
    }
    switch (type) {
        case "object": return { ...objectSchema(source, where), ...description, ...defs } as GbnfJsonSchema;
        case "array": return { ...arraySchema(source, where), ...description, ...defs } as GbnfJsonSchema;
        case "string":
            if (typeof source.format === "string" && stringFormats.has(source.format))
                return { type: "string", format: source.format as "date", ...description };
            return { type: "string", ...bounds(source, ["minLength", "maxLength"], where), ...description };
        case "number":
        case "integer":
        case "boolean":
        case "null":
            return { type: type as "number" | "integer" | "boolean" | "null", ...description };
        default:
            throw invalid(`${where}.type`, `unknown type ${JSON.stringify(type)}`);
    }
}

const anyValue = {
    oneOf: [{ type: ["string", "number", "boolean", "null"] }, { type: "object", additionalProperties: true }, { type: "array" }]
} as const satisfies GbnfJsonSchema;

function objectSchema(source: Record<string, unknown>, where: string): Record<string, unknown> {
    const result: Record<string, unknown> = { type: "object" };
    if (source.properties != null) {
        if (typeof source.properties !== "object" || Array.isArray(source.properties)) throw invalid(`${where}.properties`, "must be an object");
        const required = new Set(Array.isArray(source.required) ? source.required : []);
        // The grammar writes every property, so an optional one may be null, which `dropAbsent` removes again.
        result.properties = Object.fromEntries(Object.entries(source.properties as Record<string, unknown>).map(([name, property]) => {
            const grammar = toGrammarSchema(property, `${where}.properties.${name}`);
            return [name, required.has(name) ? grammar : { oneOf: [grammar, { type: "null" }] }];
        }));
    }
    const extra = source.additionalProperties;
    if (typeof extra === "boolean") result.additionalProperties = extra;
    else if (extra != null) result.additionalProperties = toGrammarSchema(extra, `${where}.additionalProperties`);
    return { ...result, ...bounds(source, ["minProperties", "maxProperties"], where) };
}

function arraySchema(source: Record<string, unknown>, where: string): Record<string, unknown> {
    const result: Record<string, unknown> = { type: "array" };
    if (source.items != null) result.items = toGrammarSchema(source.items, `${where}.items`);
    if (Array.isArray(source.prefixItems))
        result.prefixItems = source.prefixItems.map((item, index) => toGrammarSchema(item, `${where}.prefixItems[${index}]`));
    return { ...result, ...bounds(source, ["minItems", "maxItems"], where) };
}

function bounds(source: Record<string, unknown>, names: readonly string[], where: string): Record<string, number> {
    const result: Record<string, number> = {};
    for (const name of names) {
        const value = source[name];
        if (value == null) continue;
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw invalid(`${where}.${name}`, "must be a whole number ≥ 0");
        result[name] = value;
    }
    return result;
}

function convertDefs(source: Record<string, unknown>, where: string): { $defs?: Record<string, GbnfJsonSchema> } {
    const defs = source.$defs ?? source.definitions;
    if (defs == null) return {};
    if (typeof defs !== "object" || Array.isArray(defs)) throw invalid(`${where}.$defs`, "must be an object");
    return { $defs: Object.fromEntries(Object.entries(defs as Record<string, unknown>).map(([name, def]) => [name, toGrammarSchema(def, `${where}.$defs.${name}`)])) };
}

function primitive(value: unknown, where: string): Primitive {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    throw invalid(where, "only strings, numbers, booleans and null can be constants");
}

function invalid(where: string, why: string): InvalidRequestError {
    return new InvalidRequestError(`${where}: ${why}`, { code: "invalid_tools", param: where });
}
