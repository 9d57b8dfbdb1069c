import { InvalidRequestError } from "../../errors.ts";

const types = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);
const schemaMaps = ["properties", "$defs", "definitions"] as const;
const schemaLists = ["oneOf", "anyOf", "allOf", "prefixItems"] as const;
const maxDepth = 32;

/**
 * Checks that `schema` is a well-formed JSON schema of the kind a grammar can enforce: known
 * `type` names, sub-schemas where sub-schemas belong, string lists where names belong. Throws
 * InvalidRequestError naming the offending path.
 */
export function validateJsonSchema(schema: unknown, path = "schema", depth = 0): void {
    const fail = (why: string): never => {
        throw new InvalidRequestError(`response_format.json_schema.${path}: ${why}`, { param: "response_format", code: "invalid_json_schema" });
    };
    if (depth > maxDepth) fail(`nested deeper than ${maxDepth} levels`);
    if (typeof schema === "boolean") return;
    if (schema == null || typeof schema !== "object" || Array.isArray(schema)) return fail("must be an object");
    const node = schema as Record<string, unknown>;
    if ("type" in node) {
        const list = Array.isArray(node.type) ? node.type : [node.type];
        for (const type of list)
            if (typeof type !== "string" || !types.has(type)) fail(`unknown type ${JSON.stringify(type)}; use ${[...types].join(", ")}`);
    }
    for (const key of schemaMaps) {
        const map = node[key];
        if (map === undefined) continue;
        if (map == null || typeof map !== "object" || Array.isArray(map)) fail(`${key} must be an object of schemas`);
        for (const [name, child] of Object.entries(map as object)) validateJsonSchema(child, `${path}.${key}.${name}`, depth + 1);
    }
    for (const key of schemaLists) {
        const list = node[key];
        if (list === undefined) continue;
        if (!Array.isArray(list) || list.length === 0) fail(`${key} must be a non-empty array of schemas`);
        (list as unknown[]).forEach((child, index) => validateJsonSchema(child, `${path}.${key}.${index}`, depth + 1));
    }
    for (const key of ["items", "additionalProperties", "not"] as const)
        if (node[key] !== undefined) validateJsonSchema(node[key], `${path}.${key}`, depth + 1);
    if (node.required !== undefined && (!Array.isArray(node.required) || node.required.some((name) => typeof name !== "string")))
        fail("required must be an array of property names");
    if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0)) fail("enum must be a non-empty array");
    if (node.$ref !== undefined && (typeof node.$ref !== "string" || !node.$ref.startsWith("#/"))) fail("$ref must point inside the schema (#/...)");
    for (const key of ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] as const)
        if (node[key] !== undefined && (typeof node[key] !== "number" || !Number.isInteger(node[key]) || (node[key] as number) < 0))
            fail(`${key} must be a whole number ≥ 0`);
}
