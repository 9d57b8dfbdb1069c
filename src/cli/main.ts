#!/usr/bin/env bun
import { ConfigError, SwarmError } from "../errors.ts";
import { parseCommandLine, readConfigFile, resolveSettings, settingsTable, userPaths, type SettingKind } from "../config/index.ts";
import { commands } from "./commands/index.ts";
import { isInteractive, noTerminalMessage } from "./commands/setup.ts";
import { commandHelp, programHelp } from "./help.ts";
import { endOnClosedOutput } from "./endOnClosedOutput.ts";
import { isAddonTestChild, version } from "../runtime/index.ts";
import fs from "node:fs";

/** Runs one command line; resolves to the exit code (2 = usage or config error). */
export async function main(argv: readonly string[]): Promise<number> {
    const [name, ...rest] = argv;
    if (name == null) {
        const configFile = userPaths().configFile;
        // With a config, the program alone serves it (as the service does); a first run starts the
        // wizard in a terminal and elsewhere says how to configure without one.
        if (fs.existsSync(configFile)) {
            process.stderr.write(`local-swarm: serving with ${configFile}; change it with \`local-swarm setup\`, see every command with \`local-swarm --help\`\n`);
            return main(["serve"]);
        }
        if (isInteractive()) return main(["setup"]);
        process.stderr.write(`local-swarm: ${noTerminalMessage(configFile)}\n`);
        return 2;
    }
    if (name === "--help" || name === "-h" || name === "help") {
        process.stdout.write(programHelp(commands) + "\n");
        return 0;
    }
    if (name === "--version" || name === "-v" || name === "version") {
        process.stdout.write(version() + "\n");
        return 0;
    }
    const command = commands.find((candidate) => candidate.name === name);
    if (command == null) {
        process.stderr.write(`local-swarm: unknown command "${name}"\n\n${programHelp(commands)}\n`);
        return 2;
    }
    if (rest.includes("--help") || rest.includes("-h")) {
        process.stdout.write(commandHelp(command) + "\n");
        return 0;
    }
    try {
        const kinds: Record<string, SettingKind> = { config: "string" };
        for (const setting of command.settings) kinds[setting] = settingsTable[setting].kind;
        for (const [option, spec] of Object.entries(command.options)) kinds[option] = spec.kind;
        const { values, positionals } = parseCommandLine(rest, kinds);
        const paths = userPaths();
        const explicit = typeof values.config === "string";
        const configPath = explicit ? (values.config as string) : paths.configFile;
        const file = readConfigFile(configPath, explicit);
        const flags: Record<string, unknown> = {};
        const options: Record<string, string | boolean | string[]> = {};
        for (const [key, value] of Object.entries(values)) {
            if (key === "config") continue;
            if ((command.settings as readonly string[]).includes(key)) flags[key] = value;
            else options[key] = value;
        }
        const settings = resolveSettings({ flags, env: process.env, file, fileName: configPath });
        return await command.run({
            settings,
            options,
            positionals,
            paths,
            configFile: { path: configPath, explicit, exists: fs.existsSync(configPath) },
            stdin: process.stdin,
            stdout: process.stdout,
            stderr: process.stderr
        });
    } catch (error) {
        if (error instanceof SwarmError) {
            process.stderr.write(`local-swarm ${name}: ${error.message}\n`);
            return error instanceof ConfigError ? 2 : 1;
        }
        throw error;
    }
}

if (import.meta.main) {
    // A child node-llama-cpp forked to test its addon: its bundled module does the work.
    if (isAddonTestChild()) await import("node-llama-cpp");
    else {
        endOnClosedOutput(process.stdout, process.stderr);
        process.exitCode = await main(process.argv.slice(2));
    }
}
