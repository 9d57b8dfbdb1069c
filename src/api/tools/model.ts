import { t } from "elysia";

export const executeToolBody = t.Object(
    {
        name: t.String({ minLength: 1, maxLength: 64, description: "read_file, write_file, execute_bash or webfetch" }),
        arguments: t.Optional(t.Unknown({ description: "The tool's arguments: an object, or its JSON text as in a chat tool call" }))
    },
    { additionalProperties: false }
);
