import type { Tool } from "./Tool.ts";
import type { Workspace } from "./Workspace.ts";

export function writeFileTool(workspace: Workspace): Tool<{ path: string; content: string }> {
    return {
        name: "write_file",
        description: `Create or replace a text file in the workspace (at most ${workspace.maxWriteBytes} bytes; folders are created). Files inside .git cannot be written.`,
        parameters: {
            type: "object",
            properties: {
                path: { type: "string", minLength: 1, description: "File path relative to the workspace" },
                content: { type: "string", description: "The whole new content of the file" }
            },
            required: ["path", "content"],
            additionalProperties: false
        },
        mutates: true,
        run: async ({ path, content }) => ({ ...(await workspace.write(path, content)) })
    };
}
