import { Elysia } from "elysia";
import { checkToolAccess, type ToolExecutor } from "../../tools/index.ts";
import { readJsonBody } from "../readJsonBody.ts";
import { executeToolBody } from "./model.ts";

export interface ToolRoutesOptions {
    /** Undefined when tools are disabled: both routes answer 403. */
    readonly executor: ToolExecutor | undefined;
    /** Address the server listens on; beyond loopback, tools need an API key. */
    readonly host: string;
    readonly apiKey: string | undefined;
    readonly maxRequestBytes: number;
}

export function toolRoutes({ executor, host, apiKey, maxRequestBytes }: ToolRoutesOptions) {
    const access = () => checkToolAccess(executor, { host, apiKey });
    return new Elysia({ name: "tools" })
        .onParse(({ request }) => readJsonBody(request, maxRequestBytes))
        .get(
            "/v1/tools",
            () => {
                const listing = access().describe();
                return {
                    object: "list" as const,
                    workspace: listing.workspace,
                    sandbox: {
                        kind: listing.sandbox.kind,
                        network_isolated: listing.sandbox.network,
                        filesystem_confined: listing.sandbox.filesystem,
                        process_tree_killed: listing.sandbox.processTree,
                        secrets_hidden: listing.sandbox.secretsHidden,
                        read_only: listing.sandbox.view.readOnly,
                        writable: listing.sandbox.view.writable,
                        hidden: listing.sandbox.view.hidden,
                        summary: listing.sandbox.summary
                    },
                    data: listing.tools.map((tool) => ({
                        type: "function" as const,
                        function: { name: tool.name, description: tool.description, parameters: tool.parameters },
                        mutates: tool.mutates
                    }))
                };
            },
            { detail: { summary: "The tools this server can run, their JSON schemas, and what its sandbox enforces", tags: ["tools"] } }
        )
        .post(
            "/v1/tools/execute",
            async ({ body, request }) => ({
                object: "tool.result" as const,
                name: body.name,
                result: await access().execute(body.name, body.arguments, request.signal)
            }),
            { body: executeToolBody, detail: { summary: "Run one tool in the workspace (read_file, write_file, execute_bash, webfetch)", tags: ["tools"] } }
        );
}
