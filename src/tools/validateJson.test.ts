import { describe, expect, test } from "bun:test";
import type { JsonSchema } from "./jsonSchema.ts";
import { validateJson } from "./validateJson.ts";

const schema: JsonSchema = {
    type: "object",
    properties: {
        path: { type: "string", minLength: 1 },
        count: { type: "integer", minimum: 0, maximum: 10 },
        mode: { enum: ["a", "b"] },
        tags: { type: "array", items: { type: "string" }, maxItems: 2 }
    },
    required: ["path"],
    additionalProperties: false
};

describe("validateJson", () => {
    test("accepts a fitting value", () => {
        expect(validateJson(schema, { path: "x", count: 3, mode: "a", tags: ["t"] })).toBeUndefined();
    });

    test("names the first problem and where it is", () => {
        expect(validateJson(schema, {}, "arguments")).toBe("arguments.path: required");
        expect(validateJson(schema, { path: 1 }, "arguments")).toBe("arguments.path: expected string");
        expect(validateJson(schema, { path: "x", count: 1.5 }, "arguments")).toBe("arguments.count: expected integer");
        expect(validateJson(schema, { path: "x", count: 11 }, "arguments")).toBe("arguments.count: more than 10");
        expect(validateJson(schema, { path: "x", mode: "c" }, "arguments")).toBe('arguments.mode: expected one of "a", "b"');
        expect(validateJson(schema, { path: "x", tags: [1] }, "arguments")).toBe("arguments.tags[0]: expected string");
        expect(validateJson(schema, { path: "x", extra: true }, "arguments")).toBe("arguments.extra: not allowed");
        expect(validateJson(schema, [], "arguments")).toBe("arguments: expected object");
    });

    test("handles type lists, const and anyOf", () => {
        expect(validateJson({ type: ["string", "null"] }, null)).toBeUndefined();
        expect(validateJson({ const: 3 }, 4)).toBe("value: expected 3");
        expect(validateJson({ anyOf: [{ type: "string" }, { type: "boolean" }] }, 2)).toBe("value: matches none of the allowed forms");
    });
});
