/**
 * The part of JSON Schema that tool parameters use (and that node-llama-cpp's grammar understands):
 * objects, arrays, strings, numbers, integers, booleans, null, enum, const, anyOf/oneOf.
 */
export interface JsonSchema {
    readonly type?: JsonSchemaType | readonly JsonSchemaType[];
    readonly description?: string;
    readonly properties?: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    readonly additionalProperties?: boolean | JsonSchema;
    readonly items?: JsonSchema;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly enum?: readonly unknown[];
    readonly const?: unknown;
    readonly anyOf?: readonly JsonSchema[];
    readonly oneOf?: readonly JsonSchema[];
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly minimum?: number;
    readonly maximum?: number;
}

export type JsonSchemaType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";
