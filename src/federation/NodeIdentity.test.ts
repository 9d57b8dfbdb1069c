import { afterEach, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { TempFolders } from "../../test/support/TempFolders.ts";
import { NodeIdentity } from "./NodeIdentity.ts";

const folders = new TempFolders("identity");
afterEach(() => folders.dispose());

test("the id is generated once and kept in the data dir; boot changes every start", () => {
    const dir = folders.make();
    const first = NodeIdentity.load(path.join(dir, "nested"));
    const second = NodeIdentity.load(path.join(dir, "nested"));
    expect(first.id).toMatch(/^[0-9a-f]{16}$/);
    expect(second.id).toBe(first.id);
    expect(second.boot).not.toBe(first.boot);
    expect(fs.readFileSync(path.join(dir, "nested", "node-id"), "utf8").trim()).toBe(first.id);
});

test("a damaged id file is replaced", () => {
    const dir = folders.make();
    fs.writeFileSync(path.join(dir, "node-id"), "../../etc/passwd\n");
    const identity = NodeIdentity.load(dir);
    expect(identity.id).toMatch(/^[0-9a-f]{16}$/);
    expect(fs.readFileSync(path.join(dir, "node-id"), "utf8").trim()).toBe(identity.id);
});

test("a clash makes exactly one of the two copies regenerate, and stores the new id", () => {
    const dir = folders.make();
    const copyDir = folders.make();
    const original = NodeIdentity.load(dir);
    fs.copyFileSync(path.join(dir, "node-id"), path.join(copyDir, "node-id"));
    const copy = NodeIdentity.load(copyDir);
    expect(copy.id).toBe(original.id);
    const clashId = original.id;
    const changed = [original.resolveClash(copy.boot), copy.resolveClash(original.boot)];
    expect(changed.filter(Boolean)).toHaveLength(1);
    expect(original.id).not.toBe(copy.id);
    const moved = changed[0] ? original : copy;
    expect(moved.id).not.toBe(clashId);
    expect(fs.readFileSync(path.join(changed[0] ? dir : copyDir, "node-id"), "utf8").trim()).toBe(moved.id);
    expect(original.resolveClash(original.boot)).toBe(false);
});
