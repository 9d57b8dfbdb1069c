import fs from "node:fs";
import { ConfigError } from "../../errors.ts";
import { installService, runCommand, serviceStatus, uninstallService } from "../../service/index.ts";
import type { Command } from "../command.ts";
import { serviceLayoutFor } from "../serviceLayoutFor.ts";

/** `local-swarm service install|uninstall|status`: run serve in the background under systemd or termux-services. */
export const serviceCommand: Command = {
    name: "service",
    summary: "Install, remove or inspect the background service (systemd, or termux-services on Android)",
    usage: "service install|uninstall|status [--user|--system] [--root <dir>]",
    settings: [],
    options: {
        user: { kind: "boolean", description: "A systemd user service (the default unless run as root)" },
        system: { kind: "boolean", description: "A systemd system service (needs root)" },
        root: { kind: "string", description: "Write the service files under this folder instead of / and run no service manager command" }
    },
    async run({ options, positionals, paths, configFile, stdout, stderr }) {
        const [action, ...extra] = positionals;
        if (action == null || !["install", "uninstall", "status"].includes(action) || extra.length > 0)
            throw new ConfigError("say what to do: local-swarm service install|uninstall|status");
        if (options.user === true && options.system === true) throw new ConfigError("choose one of --user and --system");
        const scope = options.system === true ? "system" : options.user === true ? "user" : undefined;
        const layout = serviceLayoutFor({ paths, configFile }, scope, typeof options.root === "string" ? options.root : undefined);
        if (action === "install") {
            if (!configFile.exists)
                throw new ConfigError(`there is no config at ${configFile.path} yet: run \`local-swarm setup\` first, or pass --config`);
            for (const dir of [paths.dataDir, paths.cacheDir]) fs.mkdirSync(dir, { recursive: true });
            await installService(layout, runCommand);
            stdout.write(`installed the ${layout.manager} service:\n${layout.files.map((file) => `  ${file.path}`).join("\n")}\n`);
            if (layout.enable.length === 0) stdout.write("no service manager command was run (--root)\n");
            stdout.write(layout.notes.join("\n") + "\n");
            return 0;
        }
        if (action === "uninstall") {
            const problems = await uninstallService(layout, runCommand);
            for (const problem of problems) stderr.write(`warning: ${problem}\n`);
            stdout.write(`removed the ${layout.manager} service\n`);
            return 0;
        }
        const status = await serviceStatus(layout, runCommand);
        stdout.write(`${layout.manager} service ${status.installed ? "installed" : "not installed"}\n${status.lines.join("\n")}\n`);
        return status.installed ? 0 : 3;
    }
};
