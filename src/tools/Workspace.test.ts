import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SwarmError } from "../errors.ts";
import { Workspace } from "./Workspace.ts";

const base = fs.mkdtempSync(path.join(os.tmpdir(), "workspace-test-"));
const outside = path.join(base, "outside");
const root = path.join(base, "ws");
const configFile = path.join(root, "settings", "config.json");
let workspace: Workspace;

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** Every file under `folder`, relative, sorted: what a refused write must leave unchanged. */
function listing(folder: string): string[] {
    return (fs.readdirSync(folder, { recursive: true }) as string[]).sort();
}

async function refused(promise: Promise<unknown>, code: string): Promise<SwarmError> {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(SwarmError);
    expect((error as SwarmError).code).toBe(code);
    return error as SwarmError;
}

// Linux resolves names through open folders; other platforms (darwin here) by path, and must pass the same checks.
describe.each([["linux", "descriptor"], ["darwin", "path"]] as const)("Workspace (%s)", (platform, kind) => {
    beforeEach(async () => {
        fs.rmSync(outside, { recursive: true, force: true });
        fs.rmSync(root, { recursive: true, force: true });
        fs.mkdirSync(outside);
        fs.writeFileSync(path.join(outside, "secret.txt"), "secret");
        workspace = await Workspace.open(root, { protectedPaths: [configFile], maxReadBytes: 64, maxWriteBytes: 64, platform });
        expect(workspace.folders.kind).toBe(kind);
    });

    test("writes atomically and reads back, creating folders", async () => {
        const written = await workspace.write("notes/today.txt", "hello");
        expect(written).toEqual({ path: "notes/today.txt", bytes: 5, created: true });
        expect((await workspace.write("notes/today.txt", "hello again")).created).toBe(false);
        const read = await workspace.read("notes/today.txt");
        expect(read).toEqual({ path: "notes/today.txt", content: "hello again", size: 11, offset: 0, truncated: false });
        expect(listing(root)).toEqual(["notes", "notes/today.txt"]);
    });

    test("accepts an absolute path inside the workspace", async () => {
        await workspace.write(path.join(workspace.root, "a.txt"), "x");
        expect((await workspace.read("a.txt")).content).toBe("x");
    });

    test("refuses .. even when it would stay inside", async () => {
        await refused(workspace.write("../outside/new.txt", "x"), "workspace_escape");
        await refused(workspace.write("a/../b.txt", "x"), "workspace_escape");
        await refused(workspace.read("../outside/secret.txt"), "workspace_escape");
        expect(listing(root)).toEqual([]);
        expect(listing(outside)).toEqual(["secret.txt"]);
    });

    test("refuses absolute paths outside", async () => {
        await refused(workspace.write(path.join(outside, "new.txt"), "x"), "workspace_escape");
        await refused(workspace.read(path.join(outside, "secret.txt")), "workspace_escape");
        await refused(workspace.read("/etc/passwd"), "workspace_escape");
        expect(listing(outside)).toEqual(["secret.txt"]);
    });

    test("refuses a symlinked folder that leads outside", async () => {
        fs.symlinkSync(outside, path.join(root, "door"));
        await refused(workspace.write("door/new.txt", "x"), "workspace_escape");
        await refused(workspace.write("door/deeper/new.txt", "x"), "workspace_escape");
        await refused(workspace.read("door/secret.txt"), "workspace_escape");
        expect(listing(outside)).toEqual(["secret.txt"]);
    });

    test("refuses a symlinked file that leads outside, and a dangling one", async () => {
        fs.symlinkSync(path.join(outside, "secret.txt"), path.join(root, "link.txt"));
        fs.symlinkSync(path.join(outside, "planted.txt"), path.join(root, "dangling.txt"));
        await refused(workspace.read("link.txt"), "workspace_escape");
        await refused(workspace.write("link.txt", "overwritten"), "workspace_escape");
        await refused(workspace.write("dangling.txt", "planted"), "workspace_escape");
        expect(fs.readFileSync(path.join(outside, "secret.txt"), "utf8")).toBe("secret");
        expect(listing(outside)).toEqual(["secret.txt"]);
    });

    test("follows a symlink that stays inside", async () => {
        await workspace.write("real.txt", "inside");
        fs.symlinkSync(path.join(root, "real.txt"), path.join(root, "alias.txt"));
        expect((await workspace.read("alias.txt")).path).toBe("real.txt");
        expect((await workspace.write("alias.txt", "changed")).path).toBe("real.txt");
        expect(fs.readFileSync(path.join(root, "real.txt"), "utf8")).toBe("changed");
    });

    test("refuses hard links, which may lead outside", async () => {
        fs.linkSync(path.join(outside, "secret.txt"), path.join(root, "hard.txt"));
        await refused(workspace.read("hard.txt"), "workspace_escape");
        await refused(workspace.write("hard.txt", "overwritten"), "workspace_escape");
        expect(fs.readFileSync(path.join(outside, "secret.txt"), "utf8")).toBe("secret");
    });

    test("never writes into .git, even through a symlink", async () => {
        fs.mkdirSync(path.join(root, ".git", "hooks"), { recursive: true });
        fs.symlinkSync(path.join(root, ".git"), path.join(root, "meta"));
        await refused(workspace.write(".git/hooks/pre-commit", "#!/bin/sh\necho pwned"), "protected_path");
        await refused(workspace.write("meta/hooks/post-checkout", "#!/bin/sh"), "protected_path");
        await refused(workspace.write("sub/.git/config", "[core]"), "protected_path");
        expect(listing(path.join(root, ".git"))).toEqual(["hooks"]);
        expect(fs.existsSync(path.join(root, "sub"))).toBe(false);
    });

    test("never touches the server's own config", async () => {
        await refused(workspace.write("settings/config.json", "{}"), "protected_path");
        fs.mkdirSync(path.dirname(configFile));
        fs.writeFileSync(configFile, '{"apiKey":"k"}');
        await refused(workspace.read("settings/config.json"), "protected_path");
        await refused(workspace.write("settings/config.json", "{}"), "protected_path");
        expect(fs.readFileSync(configFile, "utf8")).toBe('{"apiKey":"k"}');
    });

    test("limits sizes: a too large write stores nothing, a large read is cut", async () => {
        await refused(workspace.write("big.txt", "x".repeat(65)), "payload_too_large");
        expect(listing(root)).toEqual([]);
        fs.writeFileSync(path.join(root, "large.txt"), "y".repeat(100));
        const first = await workspace.read("large.txt");
        expect(first.content.length).toBe(64);
        expect(first.truncated).toBe(true);
        const rest = await workspace.read("large.txt", { offset: 64 });
        expect(rest).toMatchObject({ content: "y".repeat(36), truncated: false, size: 100 });
        expect(await workspace.read("large.txt", { offset: -10 })).toMatchObject({ content: "y".repeat(10), offset: 90, truncated: false });
        expect((await workspace.read("large.txt", { offset: -1000 })).offset).toBe(0);
    });

    test("explains missing files and folders", async () => {
        await refused(workspace.read("nothing.txt"), "file_not_found");
        fs.mkdirSync(path.join(root, "folder"));
        await refused(workspace.read("folder"), "not_a_file");
        await refused(workspace.write("folder", "x"), "not_a_file");
        await refused(workspace.write(".", "x"), "not_a_file");
        await refused(workspace.write("", "x"), "invalid_tool_arguments");
    });
});
