import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ToolExecutor } from "../../src/tools/index.ts";

/**
 * The directory-swap race against the real executor: a process inside the workspace exchanges a
 * folder with a symlink to an outside folder (renameat2 RENAME_EXCHANGE) as fast as it can while
 * read_file and write_file run. No call may read, create or leave anything outside.
 */
const base = fs.mkdtempSync(path.join(os.tmpdir(), "workspace-race-test-"));
const root = path.join(base, "ws");
const outside = path.join(base, "outside");
const secret = "OUTSIDE SECRET";
const calls = 1_500;
let executor: ToolExecutor;
let swapper: ChildProcess;

/** Exchanges `dir` and `link` in a loop until killed; the syscall number comes from perl's own headers. */
const swapLoop = `require "syscall.ph"; my ($n, $a, $b) = (&SYS_renameat2, "dir", "link"); while (1) { syscall($n, -100, $a, -100, $b, 2); }`;

beforeAll(async () => {
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, "f.txt"), secret);
    executor = await ToolExecutor.create({ workspace: root });
    fs.mkdirSync(path.join(root, "dir"));
    fs.writeFileSync(path.join(root, "dir", "f.txt"), "inside");
    fs.symlinkSync(outside, path.join(root, "link"));
    swapper = spawn("perl", ["-e", swapLoop], { cwd: root, stdio: "ignore" });
    await Bun.sleep(200);
    expect(swapper.exitCode).toBeNull();
});

afterAll(() => {
    swapper.kill("SIGKILL");
    executor.dispose();
    fs.rmSync(base, { recursive: true, force: true });
});

/** Runs `one(i)` for every i below `count`, eight at a time; returns how many returned a value. */
async function race<T>(count: number, one: (index: number) => Promise<T>): Promise<T[]> {
    const results: T[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < count) {
            const index = next++;
            results.push(...await one(index).then((value) => [value], () => []));
        }
    }));
    return results;
}

describe("workspace against a directory-swap race", () => {
    test(`${calls} reads never return an outside file`, async () => {
        const contents = await race(calls, async () => (await executor.execute("read_file", { path: "dir/f.txt" })).content as string);
        const leaked = contents.filter((content) => content === secret).length;
        console.error(`race reads: ${contents.length} of ${calls} succeeded, ${leaked} returned the outside file`);
        expect(leaked).toBe(0);
        expect(contents.every((content) => content === "inside")).toBe(true);
    }, 120_000);

    test(`${calls} writes never create, overwrite or leave a file outside`, async () => {
        // Every tenth write replaces the existing dir/f.txt, whose outside twin must stay intact.
        const target = (index: number) => index % 10 === 0 ? "dir/f.txt" : `dir/new-${index}.txt`;
        const written = await race(calls, (index) => executor.execute("write_file", { path: target(index), content: "planted" }));
        const leftOutside = fs.readdirSync(outside).filter((name) => name !== "f.txt");
        console.error(`race writes: ${written.length} of ${calls} succeeded, ${leftOutside.length} files outside (${leftOutside.filter((name) => name.endsWith(".tmp")).length} temp files), outside f.txt ${fs.readFileSync(path.join(outside, "f.txt"), "utf8") === secret ? "intact" : "overwritten"}`);
        expect(leftOutside).toEqual([]);
        expect(fs.readFileSync(path.join(outside, "f.txt"), "utf8")).toBe(secret);
    }, 120_000);
});
