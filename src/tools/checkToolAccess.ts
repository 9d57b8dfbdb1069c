import { PermissionError } from "../errors.ts";
import { isLoopbackHost } from "../net/index.ts";
import type { ToolExecutor } from "./ToolExecutor.ts";

/**
 * The executor, if the API may use it: tools must be enabled, and a server listening beyond
 * loopback must have an API key (which every request then carries), so no one else on the
 * network can run commands here. Federation peers never reach this: they only generate text.
 */
export function checkToolAccess(executor: ToolExecutor | undefined, server: { readonly host: string; readonly apiKey: string | undefined }): ToolExecutor {
    if (executor == null)
        throw new PermissionError("Tools are disabled on this server; start it with --tools (or set \"tools\": true) to enable them", { code: "tools_disabled" });
    if (!isLoopbackHost(server.host) && (server.apiKey == null || server.apiKey === ""))
        throw new PermissionError(`Tools are refused: the server listens on ${server.host} without an API key; set --api-key or listen on 127.0.0.1`, { code: "tools_need_api_key" });
    return executor;
}
