import fs from "node:fs";
import { readConfigFile, resolveSettings, settingsTable } from "../../config/index.ts";
import { ConfigError, ServiceError } from "../../errors.ts";
import { installService, runCommand, serviceManagerProblem, type ServiceLayout } from "../../service/index.ts";
import { defaultProviders, runWizard } from "../../setup/index.ts";
import type { Command, CommandContext } from "../command.ts";
import { progressBar } from "../progressBar.ts";
import { serviceLayoutFor } from "../serviceLayoutFor.ts";
import { serveCommand } from "./serve.ts";

/** `local-swarm setup` (and `local-swarm` alone on a first run in a terminal): the wizard, then serving. */
export const setupCommand: Command = {
    name: "setup",
    summary: "Set up this machine: pick a model, who may connect, federation and tools, write the config, then serve",
    usage: "setup",
    settings: ["catalog", "hfEndpoint", "hfToken", "downloadTimeout", "contextSize", "gpu"],
    options: {},
    async run(context) {
        if (!isInteractive()) throw new ConfigError(noTerminalMessage(context.configFile.path, context.configFile.exists));
        const { configFile, paths } = context;
        const layout = await supportedServiceLayout(context);
        const result = await runWizard({
            providers: defaultProviders(paths, context.settings),
            configFile: configFile.path,
            existing: configFile.exists ? readConfigFile(configFile.path, true) : {},
            defaultWorkers: settingsTable.workers.default,
            defaultPort: settingsTable.port.default,
            progress: (label) => progressBar(process.stdout, label),
            ...(typeof layout === "string" ? { serviceUnavailable: layout } : {
                installService: async () => {
                    for (const dir of [paths.dataDir, paths.cacheDir]) fs.mkdirSync(dir, { recursive: true });
                    await installService(layout, runCommand);
                    return `Installed the ${layout.manager} service (${layout.files.at(-1)?.path}). ${layout.notes.join(" ")}`;
                }
            })
        });
        if (result == null) return 130;
        if (!result.startServing) return 0;
        const settings = resolveSettings({ env: process.env, file: result.config, fileName: configFile.path });
        return serveCommand.run({ ...context, settings, configFile: { ...configFile, exists: true } });
    }
};

export function isInteractive(): boolean {
    return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

/** Said when there is neither a config nor a terminal to ask in (a service, a pipe, CI). */
export function noTerminalMessage(configFile: string, configExists = false): string {
    return [
        configExists
            ? "the setup wizard needs a terminal."
            : `there is no config at ${configFile} and no terminal to run the setup wizard in.`,
        "Either run `local-swarm setup` in a terminal, or say what to serve with flags, e.g.",
        "  local-swarm serve --model ./model.gguf --workers 3 --host 127.0.0.1 --port 8000 [--api-key KEY]",
        "or with LOCAL_SWARM_MODEL, LOCAL_SWARM_WORKERS, LOCAL_SWARM_HOST, LOCAL_SWARM_PORT, LOCAL_SWARM_API_KEY,",
        `or write a JSON config file at ${configFile} (or pass --config FILE), e.g. {"model": "./model.gguf", "workers": 3}.`
    ].join("\n");
}

/** The service layout for this machine, or why none can be installed here (asked before the wizard offers one). */
async function supportedServiceLayout(context: CommandContext): Promise<ServiceLayout | string> {
    try {
        const layout = serviceLayoutFor(context, undefined, undefined);
        return (await serviceManagerProblem(layout, runCommand)) ?? layout;
    } catch (error) {
        if (error instanceof ServiceError) return error.message;
        throw error;
    }
}
