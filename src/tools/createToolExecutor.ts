import path from "node:path";
import type { Settings } from "../config/index.ts";
import { ToolExecutor } from "./ToolExecutor.ts";

/** The executor the settings ask for: workspace, timeout and allow/deny lists; the config file protected. */
export function createToolExecutor(settings: Settings, paths: { readonly dataDir: string; readonly configFile: string }): Promise<ToolExecutor> {
    return ToolExecutor.create({
        workspace: settings.workspace ?? path.join(paths.dataDir, "workspace"),
        protectedPaths: [paths.configFile],
        timeoutSeconds: settings.toolTimeout,
        policy: { allow: settings.toolAllow, deny: settings.toolDeny }
    });
}
