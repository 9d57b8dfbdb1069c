import { InvalidRequestError } from "../errors.ts";

const types = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);
const schemaMaps = ["properties", "$defs", "definitions"] as const;
const schemaLists = ["oneOf", "anyOf", "allOf", "prefixItems"] as const;
const maxDepth = 32;
/** Each sub-schema becomes grammar rules; this many keeps compiling a grammar quick. */
const maxNodes = 1000;
const maxBytes = 65_536;

/**
 * Checks the JSON schema of an output format (`response_format` from a client, `params.format`
 * from a peer) before the engine turns it into a grammar: a JSON object of at most 64 KiB, no
 * deeper than 32 levels nor over 1,000 sub-schemas, of the kind a grammar can enforce (known
 * `type` names, sub-schemas where sub-schemas belong, string lists where names belong, `$ref`
 * only inside the schema). Throws InvalidRequestError (code `invalid_json_schema`) naming the
 * offending path under `where`, with `param`.
 */
export function validateOutputSchema(schema: unknown, where: string, param: string): object {
    const fail = (why: string): never => {
        throw new InvalidRequestError(`${where} ${why}`, { param, code: "invalid_json_schema" });
    };
    if (schema == null || typeof schema !== "object" || Array.isArray(schema)) return fail("must be a JSON schema object");
    // Serialising is safe: both callers' bodies went through parseJsonObject (at most 128 levels).
    if (JSON.stringify(schema).length > maxBytes) fail(`is too large (over ${maxBytes / 1024} KiB)`);
    checkNode(schema, param, where, 0, { nodes: 0 });
    return schema;
}

function checkNode(schema: unknown, param: string, path: string, depth: number, seen: { nodes: number }): void {
    const fail = (why: string): never => {
        throw new InvalidRequestError(`${path}: ${why}`, { param, code: "invalid_json_schema" });
    };
    if (depth > maxDepth) fail(`nested deeper than ${maxDepth} levels`);
    if (++seen.nodes > maxNodes) fail(`more than ${maxNodes} sub-schemas`);
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
        for (const [name, child] of Object.entries(map as object)) checkNode(child, param, `${path}.${key}.${name}`, depth + 1, seen);
    }
    for (const key of schemaLists) {
        const list = node[key];
        if (list === undefined) continue;
        if (!Array.isArray(list) || list.length === 0) fail(`${key} must be a non-empty array of schemas`);
        (list as unknown[]).forEach((child, index) => checkNode(child, param, `${path}.${key}.${index}`, depth + 1, seen));
    }
    for (const key of ["items", "additionalProperties", "not"] as const)
        if (node[key] !== undefined) checkNode(node[key], param, `${path}.${key}`, depth + 1, seen);
    if (node.required !== undefined && (!Array.isArray(node.required) || node.required.some((name) => typeof name !== "string")))
        fail("required must be an array of property names");
    if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0)) fail("enum must be a non-empty array");
    if (node.$ref !== undefined && (typeof node.$ref !== "string" || !node.$ref.startsWith("#/"))) fail("$ref must point inside the schema (#/...)");
    for (const key of ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] as const)
        if (node[key] !== undefined && (typeof node[key] !== "number" || !Number.isInteger(node[key]) || (node[key] as number) < 0))
            fail(`${key} must be a whole number ≥ 0`);
}
