import fs from "node:fs";
import { ConfigError, ServiceError } from "../../errors.ts";
import { controlService, installService, runCommand, serviceStatus, uninstallService, type ServiceAction } from "../../service/index.ts";
import type { Command } from "../command.ts";
import { serviceLayoutFor } from "../serviceLayoutFor.ts";

const actions = ["install", "uninstall", "status", "start", "stop", "restart", "logs"] as const;

/** `local-swarm service …`: run serve in the background under systemd or termux-services, and look after it. */
export const serviceCommand: Command = {
    name: "service",
    summary: "Install, start, stop, restart, inspect, read the logs of or remove the background service (systemd, or termux-services on Android)",
    usage: `service ${actions.join("|")} [--user|--system] [--follow] [--root <dir>]`,
    settings: [],
    options: {
        user: { kind: "boolean", description: "A systemd user service (the default unless run as root)" },
        system: { kind: "boolean", description: "A systemd system service (needs root)" },
        follow: { kind: "boolean", description: "With logs: keep printing new lines until Ctrl-C" },
        root: { kind: "string", description: "Write the service files under this folder instead of / and run no service manager command" }
    },
    async run({ options, positionals, paths, configFile, stdout, stderr }) {
        const [action, ...extra] = positionals;
        if (action == null || !(actions as readonly string[]).includes(action) || extra.length > 0)
            throw new ConfigError(`say what to do: local-swarm service ${actions.join("|")}`);
        if (options.user === true && options.system === true) throw new ConfigError("choose one of --user and --system");
        const scope = options.system === true ? "system" : options.user === true ? "user" : undefined;
        const layout = serviceLayoutFor({ paths, configFile }, scope, typeof options.root === "string" ? options.root : undefined);
        switch (action) {
            case "install": {
                if (!configFile.exists)
                    throw new ConfigError(`there is no config at ${configFile.path} yet: run \`local-swarm setup\` first, or pass --config`);
                for (const dir of [paths.dataDir, paths.cacheDir]) fs.mkdirSync(dir, { recursive: true });
                await installService(layout, runCommand);
                stdout.write(`installed the ${layout.manager} service:\n${layout.files.map((file) => `  ${file.path}`).join("\n")}\n`);
                if (layout.enable.length === 0) stdout.write("no service manager command was run (--root)\n");
                stdout.write(layout.notes.join("\n") + "\n");
                return 0;
            }
            case "uninstall": {
                const problems = await uninstallService(layout, runCommand);
                for (const problem of problems) stderr.write(`warning: ${problem}\n`);
                stdout.write(`removed the ${layout.manager} service\n`);
                return 0;
            }
            case "status": {
                const status = await serviceStatus(layout, runCommand);
                const state = status.installed ? `installed${status.running === true ? ", running" : status.running === false ? ", not running" : ""}` : "not installed";
                stdout.write(`${layout.manager} service ${state}\n${status.lines.join("\n")}\n`);
                return status.installed ? (status.running === false ? 1 : 0) : 3;
            }
            case "logs": {
                if (layout.logs == null) throw new ServiceError("--root stages files only; there are no logs to show");
                const argv = layout.logs(options.follow === true);
                let child: Bun.Subprocess;
                try {
                    child = Bun.spawn([...argv], { stdin: "inherit", stdout: "inherit", stderr: "inherit" });
                } catch (error) {
                    throw new ServiceError(`cannot run \`${argv.join(" ")}\`: ${(error as Error).message}`, { cause: error });
                }
                const stop = () => child.kill("SIGINT");
                process.once("SIGINT", stop);
                try {
                    return await child.exited;
                } finally {
                    process.off("SIGINT", stop);
                }
            }
            default: {
                await controlService(layout, action as ServiceAction, runCommand);
                stdout.write(`${action === "stop" ? "stopped" : action === "start" ? "started" : "restarted"} the ${layout.manager} service\n`);
                return 0;
            }
        }
    }
};
