import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * `local-swarm service` through the real CLI, staged under a temporary root (`--root`), so the
 * machine's own systemd is never touched; the unit is checked by the real `systemd-analyze verify`.
 */
const main = path.resolve(import.meta.dir, "..", "src", "cli", "main.ts");
let work: string;
let root: string;
let config: string;
let env: Record<string, string>;

beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-service-"));
    root = path.join(work, "root");
    config = path.join(work, "config.json");
    fs.writeFileSync(config, "{}\n");
    env = { HOME: path.join(work, "home"), PATH: process.env.PATH ?? "/usr/bin:/bin" };
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
    const child = Bun.spawn([process.execPath, main, ...args], { env: { ...env, ...extraEnv }, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { code, stdout, stderr };
}

function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((entry) => !fs.lstatSync(path.join(dir, entry)).isDirectory());
}

describe("service on systemd", () => {
    for (const scope of ["--user", "--system"] as const) {
        test(`${scope}: the unit passes systemd-analyze verify and uninstall removes what install wrote`, async () => {
            const installed = await cli(["service", "install", scope, "--root", root, "--config", config]);
            expect(installed.stderr).toBe("");
            expect(installed.code).toBe(0);
            const unitDir = scope === "--user" ? path.join(env.HOME!, ".config", "systemd", "user") : "/etc/systemd/system";
            const unit = path.join(root, unitDir, "local-swarm.service");
            expect(filesUnder(root)).toEqual([path.relative(root, unit)]);
            const text = fs.readFileSync(unit, "utf8");
            expect(text).toContain(`serve --config ${config}\n`);
            expect(text).toContain(`ReadWritePaths=${path.join(env.HOME!, ".local", "share", "local-swarm")} ${path.join(env.HOME!, ".cache", "local-swarm")}\n`);

            const verify = Bun.spawnSync(["systemd-analyze", "verify", unit], { stdout: "pipe", stderr: "pipe" });
            expect(verify.stderr.toString()).toBe("");
            expect(verify.exitCode).toBe(0);

            const status = await cli(["service", "status", scope, "--root", root, "--config", config]);
            expect(status.code).toBe(0);
            expect(status.stdout).toContain("systemd service installed");

            const removed = await cli(["service", "uninstall", scope, "--root", root]);
            expect(removed.code).toBe(0);
            expect(filesUnder(root)).toEqual([]);
            expect((await cli(["service", "status", scope, "--root", root])).code).toBe(3);
        }, 30_000);
    }

    test("install without a config says to run setup first and writes nothing", async () => {
        const result = await cli(["service", "install", "--root", root], { LOCAL_SWARM_CONFIG: path.join(work, "missing.json") });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("local-swarm setup");
        expect(filesUnder(root)).toEqual([]);
    }, 30_000);

    test("a missing or unknown action is a usage error", async () => {
        expect((await cli(["service", "--root", root])).code).toBe(2);
        expect((await cli(["service", "reload", "--root", root])).code).toBe(2);
        expect((await cli(["service", "status", "--user", "--system", "--root", root])).code).toBe(2);
    }, 30_000);
});

/**
 * This machine runs no systemd (a container), so these tests put a stand-in `systemctl` and
 * `journalctl` first on PATH: shell scripts that log their arguments and answer as told. Without the
 * stand-ins, the real systemctl answers that systemd is not running.
 */
describe("service with the service manager's answers", () => {
    let bin: string;
    let calls: string;
    const unit = () => path.join(env.HOME!, ".config", "systemd", "user", "local-swarm.service");
    const fakeSystemd = (failOn: string | null) => {
        bin = path.join(work, "bin");
        calls = path.join(work, "calls");
        fs.mkdirSync(bin, { recursive: true });
        fs.writeFileSync(path.join(bin, "systemctl"), [
            "#!/bin/sh",
            `echo "systemctl $*" >> ${calls}`,
            ...(failOn != null ? [`case "$*" in *${failOn}*) echo "Failed to ${failOn} unit: Access denied" >&2; exit 1;; esac`] : []),
            'case "$*" in *is-active*) echo active;; esac',
            "exit 0"
        ].join("\n") + "\n", { mode: 0o755 });
        fs.writeFileSync(path.join(bin, "journalctl"), `#!/bin/sh\necho "journalctl $*"\necho "Nov 30 12:00:00 host local-swarm[42]: serving"\n`, { mode: 0o755 });
        return { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}` };
    };
    const called = () => (fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : []);

    test("no systemd running: install says so, writes nothing, and status says not installed", async () => {
        const result = await cli(["service", "install", "--user", "--config", config]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("there is no systemd user manager for this user here");
        expect(result.stderr).toContain("nothing was installed");
        expect(fs.existsSync(unit())).toBe(false);
        const status = await cli(["service", "status", "--user"]);
        expect(status.code).toBe(3);
        expect(status.stdout).toContain("systemd service not installed");
        expect(status.stdout).toContain(`missing  ${unit()}`);
    }, 30_000);

    test("a failing enable rolls back: the unit is removed again and the manager reloaded", async () => {
        const result = await cli(["service", "install", "--user", "--config", config], fakeSystemd("enable"));
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("`systemctl --user enable --now local-swarm.service` failed (exit 1): Failed to enable unit: Access denied");
        expect(result.stderr).toContain("the service files were removed again");
        expect(fs.existsSync(unit())).toBe(false);
        expect(called()).toEqual([
            "systemctl --user show-environment", "systemctl --user daemon-reload", "systemctl --user enable --now local-swarm.service",
            "systemctl --user disable --now local-swarm.service", "systemctl --user daemon-reload"
        ]);
    }, 30_000);

    test("a failing reinstall puts the earlier unit back as it was", async () => {
        fs.mkdirSync(path.dirname(unit()), { recursive: true });
        fs.writeFileSync(unit(), "[Unit]\nDescription=the earlier one\n");
        expect((await cli(["service", "install", "--user", "--config", config], fakeSystemd("daemon-reload"))).code).toBe(1);
        expect(fs.readFileSync(unit(), "utf8")).toBe("[Unit]\nDescription=the earlier one\n");
    }, 30_000);

    test("install, status, stop, start, restart and logs go through the manager", async () => {
        const path_ = fakeSystemd(null);
        const installed = await cli(["service", "install", "--user", "--config", config], path_);
        expect(installed.code).toBe(0);
        expect(installed.stdout).toContain("local-swarm service logs");
        const status = await cli(["service", "status", "--user"], path_);
        expect(status.stdout).toStartWith("systemd service installed, running\n");
        expect(status.code).toBe(0);
        for (const action of ["stop", "start", "restart"]) {
            const result = await cli(["service", action, "--user"], path_);
            expect(result.code).toBe(0);
            expect(called().at(-1)).toBe(`systemctl --user ${action} local-swarm.service`);
        }
        const logs = await cli(["service", "logs", "--user"], path_);
        expect(logs.code).toBe(0);
        expect(logs.stdout).toBe("journalctl --user -u local-swarm --no-pager -n 100\nNov 30 12:00:00 host local-swarm[42]: serving\n");
        expect((await cli(["service", "logs", "--user", "--follow"], path_)).stdout).toStartWith("journalctl --user -u local-swarm --no-pager -n 100 -f\n");
        expect((await cli(["service", "uninstall", "--user"], path_)).code).toBe(0);
        expect(fs.existsSync(unit())).toBe(false);
        const stopped = await cli(["service", "stop", "--user"], path_);
        expect(stopped.code).toBe(1);
        expect(stopped.stderr).toContain("the service is not installed");
    }, 60_000);
});

describe("service under Termux", () => {
    const termux = { PREFIX: "/data/data/com.termux/files/usr", TERMUX_VERSION: "0.118.1" };

    test("installs a termux-services service with the wake-lock reminder, and uninstall removes it", async () => {
        const installed = await cli(["service", "install", "--root", root, "--config", config], termux);
        expect(installed.code).toBe(0);
        expect(installed.stdout).toContain("termux-wake-lock");
        const dir = path.join(root, termux.PREFIX, "var", "service", "local-swarm");
        expect(filesUnder(dir).sort()).toEqual(["log/run", "run"]);
        expect(fs.statSync(path.join(dir, "run")).mode & 0o777).toBe(0o755);
        expect(fs.readlinkSync(path.join(dir, "log", "run"))).toBe(path.join(termux.PREFIX, "share", "termux-services", "svlogger"));

        expect((await cli(["service", "uninstall", "--root", root], termux)).code).toBe(0);
        expect(fs.existsSync(dir)).toBe(false);
        expect(filesUnder(root)).toEqual([]);
    }, 30_000);

    test("--system is refused: Termux has no system services", async () => {
        const result = await cli(["service", "install", "--system", "--root", root, "--config", config], termux);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("Termux has no system services");
    }, 30_000);
});
