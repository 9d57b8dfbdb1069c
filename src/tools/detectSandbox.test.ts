import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { bubblewrapSandbox } from "./bubblewrapSandbox.ts";
import { detectSandbox, type Sandbox } from "./detectSandbox.ts";
import { unshareSandbox } from "./unshareSandbox.ts";

// Not under /tmp, which sandboxes replace with their own: the home here stands for a real one.
const base = fs.realpathSync(fs.mkdtempSync(path.join("/var/tmp", "sandbox-test-")));
const home = path.join(base, "home");
const configFile = path.join(home, ".config", "local-swarm", "config.json");
const dataDir = path.join(home, ".local", "share", "local-swarm");
const workspace = path.join(dataDir, "workspace");
const interpreter = path.join(home, ".tools", "bin");
const hidden = ["/etc/shadow", home, configFile, dataDir];

fs.mkdirSync(path.dirname(configFile), { recursive: true });
fs.writeFileSync(configFile, '{"apiKey":"secret-key"}');
fs.mkdirSync(path.join(workspace, ".git"), { recursive: true });
fs.writeFileSync(path.join(workspace, "notes.txt"), "inside");
fs.writeFileSync(path.join(dataDir, "node-id"), "secret-id");
fs.mkdirSync(interpreter, { recursive: true });
fs.writeFileSync(path.join(interpreter, "tool"), "shown");

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

function run(sandbox: Sandbox, command: string, readOnly: string[] = []): { status: number | null; stdout: string; stderr: string } {
    const [program = "", ...args] = sandbox.wrap(["bash", "--noprofile", "--norc", "-c", command], workspace, readOnly);
    const result = spawnSync(program, args, { cwd: workspace, encoding: "utf8", timeout: 20_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("detectSandbox", () => {
    test("prefers bubblewrap, then unshare, then unshare with a user namespace", async () => {
        const tried: string[] = [];
        const sandbox = await detectSandbox({
            hidden,
            platform: "linux",
            probe: async (argv) => {
                tried.push(argv.slice(0, 2).join(" "));
                return argv.includes("--map-current-user");
            }
        });
        expect(tried).toEqual(["bwrap --ro-bind", "unshare --net", "unshare --map-current-user"]);
        expect(sandbox).toMatchObject({ kind: "unshare", network: true, filesystem: false, secretsHidden: true });
        expect(sandbox.view.hidden).toContain(configFile);
    });

    test("bubblewrap binds the system read-only, the workspace writable, and never the whole root", () => {
        const argv = bubblewrapSandbox(hidden).wrap(["bash"], workspace, [path.join(workspace, ".git")]);
        const text = argv.join(" ");
        expect(text).toContain("--ro-bind /usr /usr");
        expect(text).not.toContain("--ro-bind / /");
        // The data folder is covered first, then the workspace inside it is bound back, then .git read-only.
        expect(text).toContain(`--bind ${workspace} ${workspace} --ro-bind ${workspace}/.git ${workspace}/.git`);
        expect(argv.at(-1)).toBe("bash");
    });

    test("says plainly when nothing can be enforced", async () => {
        const sandbox = await detectSandbox({ probe: async () => false, platform: "linux" });
        expect(sandbox).toMatchObject({ kind: "none", network: false, secretsHidden: false });
        expect(sandbox.summary).toContain("network access");
        expect((await detectSandbox({ probe: async () => true, platform: "darwin" })).kind).toBe("none");
    });

    // Each real sandbox that works on this machine must hide the same things; at least one does on Linux.
    const kinds = [bubblewrapSandbox(hidden), unshareSandbox(false, hidden), unshareSandbox(true, hidden)];
    const working = kinds.filter((sandbox) => run(sandbox, "true").status === 0);
    test("at least one real sandbox works here", () => {
        expect(working.length).toBeGreaterThan(0);
    });

    for (const sandbox of working)
        test(`${sandbox.kind}${sandbox.wrap([], workspace, []).includes("--map-current-user") ? " (user namespace)" : ""} hides the config, data, home and /etc secrets, and shows the workspace`, () => {
            const seen = run(sandbox, `cat ${configFile}; cat ${path.join(dataDir, "node-id")}; cat /etc/shadow; ls -A ${home} ${dataDir}; cat notes.txt; echo new > made.txt; cat ${interpreter}/tool; echo; pwd; ls /proc | grep -c '^[0-9]'`, [interpreter]);
            expect(seen.stdout).not.toContain("secret");
            expect(seen.stdout).not.toContain("root:");
            expect(seen.stdout).toContain(`inside`);
            expect(seen.stdout).toContain(`shown\n${workspace}\n`);
            // Only the command's own processes: the server's /proc/<pid>/root would lead around every mount.
            expect(Number(seen.stdout.trim().split("\n").at(-1))).toBeLessThan(10);
            expect(fs.readFileSync(path.join(workspace, "made.txt"), "utf8")).toBe("new\n");
            expect(fs.readFileSync(configFile, "utf8")).toContain("secret-key");
        });
});
