import os from "node:os";
import path from "node:path";
import { chooseServiceLayout, type ServiceLayout } from "../service/index.ts";
import type { CommandContext } from "./command.ts";
import { selfCommand } from "./selfCommand.ts";

/** The service layout for this program, its config file and user dirs, on this machine. */
export function serviceLayoutFor(context: Pick<CommandContext, "paths" | "configFile">, scope: "user" | "system" | undefined, root: string | undefined): ServiceLayout {
    return chooseServiceLayout({
        spec: {
            command: selfCommand(),
            configFile: path.resolve(context.configFile.path),
            dataDir: path.resolve(context.paths.dataDir),
            cacheDir: path.resolve(context.paths.cacheDir)
        },
        scope,
        root: root == null ? undefined : path.resolve(root),
        env: process.env,
        platform: process.platform,
        isRoot: process.getuid?.() === 0,
        home: process.env.HOME ?? os.homedir(),
        getprop
    });
}

function getprop(name: string): string | undefined {
    try {
        const result = Bun.spawnSync(["getprop", name], { stdout: "pipe", stderr: "ignore" });
        const value = result.stdout.toString().trim();
        return result.exitCode === 0 && value !== "" ? value : undefined;
    } catch {
        return undefined;
    }
}
