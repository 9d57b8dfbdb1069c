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
        expect((await cli(["service", "restart", "--root", root])).code).toBe(2);
        expect((await cli(["service", "status", "--user", "--system", "--root", root])).code).toBe(2);
    }, 30_000);
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
