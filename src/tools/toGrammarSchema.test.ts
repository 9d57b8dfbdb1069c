import { describe, expect, test } from "bun:test";
import { toGrammarSchema } from "./toGrammarSchema.ts";

describe("toGrammarSchema", () => {
    test("keeps what a grammar can enforce and leaves the rest to validation", () => {
        expect(toGrammarSchema({
            type: "object",
            description: "args",
            properties: {
                name: { type: "string", maxLength: 20, pattern: "^a" },
                count: { type: "integer", minimum: 0 },
                when: { type: "string", format: "date" },
                mode: { enum: ["a", "b"] },
                tags: { type: "array", items: { type: "string" }, maxItems: 3 },
                either: { anyOf: [{ type: "string" }, { type: "null" }] },
                maybe: { type: ["string", "null"] },
                ref: { $ref: "#/definitions/Point" }
            },
            definitions: { Point: { type: "object", properties: { x: { type: "number" } }, required: ["x"] } },
            required: ["name", "count", "when", "mode", "tags", "either", "maybe", "ref"]
        }, "p")).toEqual({
            type: "object",
            description: "args",
            properties: {
                name: { type: "string", maxLength: 20 },
                count: { type: "integer" },
                when: { type: "string", format: "date" },
                mode: { enum: ["a", "b"] },
                tags: { type: "array", items: { type: "string" }, maxItems: 3 },
                either: { oneOf: [{ type: "string" }, { type: "null" }] },
                maybe: { type: ["string", "null"] },
                ref: { $ref: "#/$defs/Point" }
            },
            $defs: { Point: { type: "object", properties: { x: { type: "number" } } } }
        } as never);
    });

    test("an optional property may be null, the grammar's way of leaving it out", () => {
        expect(toGrammarSchema({ type: "object", properties: { a: { type: "string" }, b: { type: "integer" } }, required: ["a"] }, "p")).toEqual({
            type: "object",
            properties: { a: { type: "string" }, b: { oneOf: [{ type: "integer" }, { type: "null" }] } }
        });
    });

    test("refuses what it cannot express, naming where", () => {
        expect(() => toGrammarSchema({ allOf: [] }, "p")).toThrow('p: "allOf" is not supported');
        expect(() => toGrammarSchema({ $ref: "https://example.com/s.json" }, "p")).toThrow("only local");
        expect(() => toGrammarSchema({ type: "object", properties: { a: { type: "decimal" } } }, "p")).toThrow("p.properties.a.type: unknown type");
        expect(() => toGrammarSchema({ enum: [{}] }, "p")).toThrow("p.enum[0]");
        expect(() => toGrammarSchema("string", "p")).toThrow("p: must be a JSON schema object");
    });
});
