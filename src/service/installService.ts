import fs from "node:fs";
import path from "node:path";
import { ServiceError } from "../errors.ts";
import type { ServiceLayout } from "./serviceLayout.ts";

/** Runs one service-manager command; resolves to its exit code and combined output. */
export type CommandRunner = (argv: readonly string[]) => Promise<{ code: number; output: string }>;

export const runCommand: CommandRunner = async (argv) => {
    try {
        const child = Bun.spawn([...argv], { stdout: "pipe", stderr: "pipe" });
        const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
        return { code, output: (stdout + stderr).trim() };
    } catch (error) {
        return { code: 127, output: `${argv[0]}: ${(error as Error).message}` };
    }
};

/** Writes every file of the layout (each atomically), then enables and starts the service. */
export async function installService(layout: ServiceLayout, run: CommandRunner): Promise<void> {
    try {
        for (const dir of layout.ownDirs) fs.mkdirSync(dir, { recursive: true });
        for (const file of layout.files) {
            fs.mkdirSync(path.dirname(file.path), { recursive: true });
            if (file.linkTo != null) {
                fs.rmSync(file.path, { force: true });
                fs.symlinkSync(file.linkTo, file.path);
                continue;
            }
            const temp = `${file.path}.${process.pid}.tmp`;
            fs.writeFileSync(temp, file.content ?? "", { mode: file.mode });
            fs.chmodSync(temp, file.mode);
            fs.renameSync(temp, file.path);
        }
    } catch (error) {
        const hint = (error as NodeJS.ErrnoException).code === "EACCES" ? " (a system service needs root: run it with sudo)" : "";
        throw new ServiceError(`cannot write the service files: ${(error as Error).message}${hint}`, { cause: error });
    }
    for (const argv of layout.enable) {
        const result = await run(argv);
        if (result.code !== 0) throw new ServiceError(`\`${argv.join(" ")}\` failed (exit ${result.code}): ${result.output}`);
    }
}

/** Stops and disables the service, then removes everything install wrote. Returns what failed along the way. */
export async function uninstallService(layout: ServiceLayout, run: CommandRunner): Promise<string[]> {
    const problems: string[] = [];
    for (const argv of layout.disable) {
        const result = await run(argv);
        if (result.code !== 0) problems.push(`\`${argv.join(" ")}\`: ${result.output}`);
    }
    try {
        for (const file of layout.files) fs.rmSync(file.path, { force: true });
        for (const dir of layout.ownDirs) fs.rmSync(dir, { recursive: true, force: true });
    } catch (error) {
        throw new ServiceError(`cannot remove the service files: ${(error as Error).message}`, { cause: error });
    }
    for (const argv of layout.afterRemove) {
        const result = await run(argv);
        if (result.code !== 0) problems.push(`\`${argv.join(" ")}\`: ${result.output}`);
    }
    return problems;
}

/** Which of the layout's files exist, and what the service manager says. */
export async function serviceStatus(layout: ServiceLayout, run: CommandRunner): Promise<{ installed: boolean; lines: string[] }> {
    const present = layout.files.filter((file) => fs.lstatSync(file.path, { throwIfNoEntry: false }) != null);
    const lines = layout.files.map((file) => `${present.includes(file) ? "present" : "missing"}  ${file.path}`);
    for (const argv of layout.status) lines.push((await run(argv)).output);
    return { installed: present.length === layout.files.length, lines };
}
