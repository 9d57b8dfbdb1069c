import { expect, test } from "bun:test";
import { dropAbsent } from "./dropAbsent.ts";

test("dropAbsent removes nulls the grammar wrote for optional properties, nowhere else", () => {
    const schema = {
        type: "object" as const,
        properties: {
            path: { type: "string" as const },
            offset: { type: "integer" as const },
            note: { type: ["string", "null"] as ("string" | "null")[] },
            items: { type: "array" as const, items: { type: "object" as const, properties: { a: { type: "string" as const } } } }
        },
        required: ["path"]
    };
    expect(dropAbsent(schema, { path: "a", offset: null, note: null, items: [{ a: null }, { a: "x" }], extra: null }))
        .toEqual({ path: "a", note: null, items: [{}, { a: "x" }], extra: null });
    expect(dropAbsent(schema, { path: null })).toEqual({ path: null });
});
