import { describe, expect, test } from "bun:test";
import { detectSandbox } from "./detectSandbox.ts";

describe("detectSandbox", () => {
    test("prefers bubblewrap, then unshare, then unshare with a user namespace", async () => {
        const tried: string[] = [];
        const sandbox = await detectSandbox(async (argv) => {
            tried.push(argv.slice(0, 2).join(" "));
            return argv.includes("--map-current-user");
        }, "linux");
        expect(tried).toEqual(["bwrap --ro-bind", "unshare --net", "unshare --map-current-user"]);
        expect(sandbox.kind).toBe("unshare");
        expect(sandbox.network).toBe(true);
        expect(sandbox.filesystem).toBe(false);
        expect(sandbox.wrap(["bash", "-c", "x"], "/ws", [])).toEqual(["unshare", "--map-current-user", "--net", "--pid", "--fork", "--kill-child", "bash", "-c", "x"]);
    });

    test("bubblewrap binds the workspace writable and protected folders read-only", async () => {
        const sandbox = await detectSandbox(async (argv) => argv[0] === "bwrap", "linux");
        const argv = sandbox.wrap(["bash"], "/ws", ["/ws/.git"]);
        expect(argv.join(" ")).toContain("--bind /ws /ws --ro-bind-try /ws/.git /ws/.git --unshare-net");
        expect(argv.at(-1)).toBe("bash");
    });

    test("says plainly when nothing can be enforced", async () => {
        const sandbox = await detectSandbox(async () => false, "linux");
        expect(sandbox.kind).toBe("none");
        expect(sandbox.network).toBe(false);
        expect(sandbox.summary).toContain("network access");
        expect((await detectSandbox(async () => true, "darwin")).kind).toBe("none");
    });
});
