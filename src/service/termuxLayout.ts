import path from "node:path";
import { isAndroid } from "../hardware/index.ts";
import type { ServiceLayout, ServiceSpec } from "./serviceLayout.ts";

export interface TermuxEnvironment {
    /** `$PREFIX`, e.g. `/data/data/com.termux/files/usr`. */
    readonly prefix: string;
    /** Android release from `getprop ro.build.version.release`, when it could be read. */
    readonly androidRelease: string | undefined;
}

/**
 * Termux: Android (as the hardware domain recognises it) with the `$PREFIX` its packages and
 * services live under. `getprop` is Android's property tool, read only for the release shown to the user.
 */
export function detectTermux(env: NodeJS.ProcessEnv, platform: string, getprop: (name: string) => string | undefined): TermuxEnvironment | null {
    const prefix = env.PREFIX;
    if (prefix == null || prefix === "" || !isAndroid(platform, env)) return null;
    return { prefix, androidRelease: getprop("ro.build.version.release") };
}

/**
 * A termux-services (runit) service: `$PREFIX/var/service/local-swarm/run` starts serve, and its
 * `log/run` is Termux's standard svlogger, so logs land in `$PREFIX/var/log/sv/local-swarm/`.
 */
export function termuxLayout(spec: ServiceSpec, termux: TermuxEnvironment, serviceRoot: string, runCommands: boolean): ServiceLayout {
    const dir = path.join(serviceRoot, "var", "service", "local-swarm");
    const shell = path.join(termux.prefix, "bin", "sh");
    const run = [
        `#!${shell}`,
        "# local-swarm under termux-services; runit restarts it when it exits.",
        `export LOCAL_SWARM_DATA_DIR=${shellQuote(spec.dataDir)}`,
        `export LOCAL_SWARM_CACHE_DIR=${shellQuote(spec.cacheDir)}`,
        `exec ${[...spec.command, "serve", "--config", spec.configFile].map(shellQuote).join(" ")} 2>&1`,
        ""
    ].join("\n");
    const logFile = path.join(termux.prefix, "var", "log", "sv", "local-swarm", "current");
    const sv = (verb: string) => ["sv", verb, "local-swarm"];
    return {
        manager: "termux",
        ownDirs: [dir],
        files: [
            { path: path.join(dir, "run"), content: run, mode: 0o755 },
            { path: path.join(dir, "log", "run"), linkTo: path.join(termux.prefix, "share", "termux-services", "svlogger"), mode: 0o755 }
        ],
        preconditions: runCommands ? [{
            argv: ["sh", "-c", "command -v sv-enable"],
            problem: "termux-services is not installed: run `pkg install termux-services`, then close and reopen Termux"
        }] : [],
        enable: runCommands ? [["sv-enable", "local-swarm"]] : [],
        disable: runCommands ? [["sv-disable", "local-swarm"]] : [],
        afterRemove: [],
        status: runCommands ? [sv("status")] : [],
        running: runCommands ? { argv: sv("status"), isRunning: (output: string) => output.startsWith("run:") } : undefined,
        actions: runCommands ? { start: sv("up"), stop: sv("down"), restart: sv("restart") } : undefined,
        logs: runCommands ? (follow: boolean) => ["tail", "-n", "100", ...(follow ? ["-f"] : []), logFile] : undefined,
        notes: [
            `logs: local-swarm service logs (${logFile})`,
            "Android stops background apps: run `termux-wake-lock` (or tap \"Acquire wakelock\" in the Termux notification)",
            "and turn off battery optimisation for Termux in Android's settings (Apps > Termux > Battery > Unrestricted).",
            ...(termux.androidRelease != null ? [`(Android ${termux.androidRelease})`] : [])
        ]
    };
}

function shellQuote(word: string): string {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
