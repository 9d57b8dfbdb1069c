import os from "node:os";
import path from "node:path";
import type { Settings, UserPaths } from "../config/index.ts";
import { ToolExecutor } from "./ToolExecutor.ts";

/**
 * The executor the settings ask for: workspace, timeout and allow/deny lists; the config file
 * protected from the file tools, and the home folder and local-swarm's config, data and cache
 * hidden from commands.
 */
export function createToolExecutor(settings: Settings, paths: Pick<UserPaths, "dataDir" | "cacheDir" | "configFile">): Promise<ToolExecutor> {
    return ToolExecutor.create({
        workspace: settings.workspace ?? path.join(paths.dataDir, "workspace"),
        protectedPaths: [paths.configFile],
        hiddenPaths: [os.homedir(), paths.configFile, paths.dataDir, paths.cacheDir],
        timeoutSeconds: settings.toolTimeout,
        policy: { allow: settings.toolAllow, deny: settings.toolDeny }
    });
}
