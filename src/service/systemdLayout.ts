import path from "node:path";
import type { ServiceLayout, ServiceSpec } from "./serviceLayout.ts";

const unitName = "local-swarm.service";

/**
 * A systemd unit that runs `local-swarm serve` with absolute paths, restarts it when it fails,
 * sandboxes it (read-only system and home except its data and cache dirs, private /tmp, no new
 * privileges) and sends its output to the journal. SIGTERM lets serve drain before it exits.
 */
export function systemdUnit(spec: ServiceSpec, scope: "user" | "system"): string {
    const underHome = [spec.dataDir, spec.cacheDir, spec.configFile].some((file) => /^\/(home|root|run\/user)\//.test(file));
    return [
        "[Unit]",
        "Description=local-swarm: local LLM workers that vote on every answer, behind an OpenAI-compatible API",
        "Wants=network-online.target",
        "After=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        `ExecStart=${[...spec.command, "serve", "--config", spec.configFile].map(systemdQuote).join(" ")}`,
        `Environment=${systemdQuote(`LOCAL_SWARM_DATA_DIR=${spec.dataDir}`)}`,
        `Environment=${systemdQuote(`LOCAL_SWARM_CACHE_DIR=${spec.cacheDir}`)}`,
        "Restart=on-failure",
        "RestartSec=5",
        "KillSignal=SIGTERM",
        "TimeoutStopSec=30",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        // The config, models and runtime live under a home folder for a user's own install.
        `ProtectHome=${underHome ? "read-only" : "yes"}`,
        `ReadWritePaths=${[spec.dataDir, spec.cacheDir].map(systemdQuote).join(" ")}`,
        "PrivateTmp=yes",
        "StandardOutput=journal",
        "StandardError=journal",
        "SyslogIdentifier=local-swarm",
        "",
        "[Install]",
        `WantedBy=${scope === "user" ? "default.target" : "multi-user.target"}`,
        ""
    ].join("\n");
}

export function systemdLayout(spec: ServiceSpec, scope: "user" | "system", unitDir: string, runCommands: boolean): ServiceLayout {
    const systemctl = ["systemctl", ...(scope === "user" ? ["--user"] : [])];
    const journal = ["journalctl", ...(scope === "user" ? ["--user"] : []), "-u", "local-swarm"];
    return {
        manager: "systemd",
        ownDirs: [],
        files: [{ path: path.join(unitDir, unitName), content: systemdUnit(spec, scope), mode: 0o644 }],
        // `show-environment` answers only when a manager of that scope runs and this user may talk to it.
        preconditions: runCommands ? [{
            argv: [...systemctl, "show-environment"],
            problem: scope === "user"
                ? "there is no systemd user manager for this user here (a container, WSL without systemd, or no login session)"
                : "systemd is not running on this machine (a container, or an init system other than systemd)"
        }] : [],
        enable: runCommands ? [[...systemctl, "daemon-reload"], [...systemctl, "enable", "--now", unitName]] : [],
        disable: runCommands ? [[...systemctl, "disable", "--now", unitName]] : [],
        afterRemove: runCommands ? [[...systemctl, "daemon-reload"]] : [],
        status: runCommands ? [[...systemctl, "status", "--no-pager", "--lines=5", unitName]] : [],
        running: runCommands ? { argv: [...systemctl, "is-active", unitName], isRunning: (output: string) => output.trim() === "active" } : undefined,
        actions: runCommands ? { start: [...systemctl, "start", unitName], stop: [...systemctl, "stop", unitName], restart: [...systemctl, "restart", unitName] } : undefined,
        logs: runCommands ? (follow: boolean) => [...journal, "--no-pager", "-n", "100", ...(follow ? ["-f"] : [])] : undefined,
        notes: [
            `logs: local-swarm service logs (${[...journal, "-f"].join(" ")})`,
            ...(scope === "user" ? ["to keep it running after you log out: loginctl enable-linger $USER"] : [])
        ]
    };
}

/** Quotes one ExecStart/Environment word: double quotes around anything unusual, `%` and `$` doubled. */
export function systemdQuote(word: string): string {
    const escaped = word.replaceAll("%", "%%").replaceAll("$", "$$$$");
    if (/^[A-Za-z0-9_@%+=:,./$-]+$/.test(escaped)) return escaped;
    return `"${escaped.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
