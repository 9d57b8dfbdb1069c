import type { Tool } from "./Tool.ts";
import type { Workspace } from "./Workspace.ts";

export function readFileTool(workspace: Workspace): Tool<{ path: string; offset?: number }> {
    return {
        name: "read_file",
        description: `Read a text file in the workspace. Returns at most ${workspace.maxReadBytes} bytes from offset; "truncated" says whether the file goes on.`,
        parameters: {
            type: "object",
            properties: {
                path: { type: "string", minLength: 1, description: "File path relative to the workspace" },
                offset: { type: "integer", description: "Byte offset to start reading at (default 0; negative counts back from the end)" }
            },
            required: ["path"],
            additionalProperties: false
        },
        mutates: false,
        run: async ({ path, offset }) => ({ ...(await workspace.read(path, { offset })) })
    };
}
