import { describe, expect, test } from "bun:test";
import { systemdLayout, systemdQuote, systemdUnit } from "./systemdLayout.ts";

const spec = {
    command: ["/opt/local swarm/local-swarm"],
    configFile: "/home/ada/.config/local-swarm/config.json",
    dataDir: "/home/ada/.local/share/local-swarm",
    cacheDir: "/home/ada/.cache/local-swarm"
};

describe("systemd unit", () => {
    test("runs serve with absolute paths, restarts on failure, sandboxed, logging to the journal", () => {
        const unit = systemdUnit(spec, "user");
        expect(unit).toContain('ExecStart="/opt/local swarm/local-swarm" serve --config /home/ada/.config/local-swarm/config.json\n');
        for (const line of ["Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=read-only",
            "ReadWritePaths=/home/ada/.local/share/local-swarm /home/ada/.cache/local-swarm", "PrivateTmp=yes",
            "StandardOutput=journal", "KillSignal=SIGTERM", "WantedBy=default.target"])
            expect(unit).toContain(line + "\n");
    });

    test("a system service whose files are outside home hides home entirely", () => {
        const unit = systemdUnit({ command: ["/usr/local/bin/local-swarm"], configFile: "/etc/local-swarm/config.json",
            dataDir: "/var/lib/local-swarm", cacheDir: "/var/cache/local-swarm" }, "system");
        expect(unit).toContain("ProtectHome=yes\n");
        expect(unit).toContain("WantedBy=multi-user.target\n");
    });

    test("quoting keeps systemd from expanding specifiers and variables", () => {
        expect(systemdQuote("/usr/bin/x")).toBe("/usr/bin/x");
        expect(systemdQuote("100%")).toBe("100%%");
        expect(systemdQuote("$HOME")).toBe("$$HOME");
        expect(systemdQuote('a "b"')).toBe('"a \\"b\\""');
    });

    test("commands use --user for user services and only run outside a staging root", () => {
        expect(systemdLayout(spec, "user", "/u", true).enable).toEqual([
            ["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", "local-swarm.service"]]);
        expect(systemdLayout(spec, "system", "/u", true).disable).toEqual([["systemctl", "disable", "--now", "local-swarm.service"]]);
        const staged = systemdLayout(spec, "system", "/u", false);
        expect([...staged.enable, ...staged.disable, ...staged.afterRemove, ...staged.status]).toEqual([]);
    });
});
