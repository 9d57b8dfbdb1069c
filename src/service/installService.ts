import fs from "node:fs";
import path from "node:path";
import { ServiceError } from "../errors.ts";
import type { ServiceAction, ServiceFile, ServiceLayout } from "./serviceLayout.ts";

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

/** Why the service manager cannot take the service here, or null when it can. Writes nothing. */
export async function serviceManagerProblem(layout: ServiceLayout, run: CommandRunner): Promise<string | null> {
    for (const { argv, problem } of layout.preconditions) {
        const result = await run(argv);
        if (result.code !== 0) return `${problem} (\`${argv.join(" ")}\`: ${result.output || `exit ${result.code}`})`;
    }
    return null;
}

/**
 * Checks that the service manager answers, writes every file of the layout (each atomically), then
 * enables and starts the service. Nothing is written when the manager is missing; when a later step
 * fails, every file is put back as it was before (removed, or its earlier content restored).
 */
export async function installService(layout: ServiceLayout, run: CommandRunner): Promise<void> {
    const problem = await serviceManagerProblem(layout, run);
    if (problem != null) throw new ServiceError(`${problem}; nothing was installed. Run \`local-swarm serve\` yourself, or from another service manager`);
    const before = layout.files.map((file) => ({ file, saved: saveFile(file.path) }));
    const createdDirs = layout.ownDirs.filter((dir) => !fs.existsSync(dir));
    const rollBack = async (enabling: boolean) => {
        if (enabling) for (const argv of layout.disable) await run(argv);
        for (const { file, saved } of before) restoreFile(file.path, saved);
        for (const dir of createdDirs) fs.rmSync(dir, { recursive: true, force: true });
        for (const argv of layout.afterRemove) await run(argv);
    };
    try {
        for (const dir of layout.ownDirs) fs.mkdirSync(dir, { recursive: true });
        for (const file of layout.files) writeFile(file);
    } catch (error) {
        await rollBack(false);
        const hint = (error as NodeJS.ErrnoException).code === "EACCES" ? " (a system service needs root: run it with sudo)" : "";
        throw new ServiceError(`cannot write the service files: ${(error as Error).message}${hint}; nothing was installed`, { cause: error });
    }
    for (const argv of layout.enable) {
        const result = await run(argv);
        if (result.code !== 0) {
            await rollBack(true);
            throw new ServiceError(`\`${argv.join(" ")}\` failed (exit ${result.code}): ${result.output}; the service files were removed again`);
        }
    }
}

function writeFile(file: ServiceFile): void {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    if (file.linkTo != null) {
        fs.rmSync(file.path, { force: true });
        fs.symlinkSync(file.linkTo, file.path);
        return;
    }
    const temp = `${file.path}.${process.pid}.tmp`;
    try {
        if (file.copyFrom != null) fs.copyFileSync(file.copyFrom, temp);
        else fs.writeFileSync(temp, file.content ?? "", { mode: file.mode });
        fs.chmodSync(temp, file.mode);
        fs.renameSync(temp, file.path);
    } finally {
        fs.rmSync(temp, { force: true });
    }
}

/** A file's earlier state, so a failed install can put it back: its bytes and mode, its link target, or absent. */
type SavedFile = { readonly bytes: Buffer; readonly mode: number } | { readonly link: string } | null;

function saveFile(file: string): SavedFile {
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat == null) return null;
    return stat.isSymbolicLink() ? { link: fs.readlinkSync(file) } : { bytes: fs.readFileSync(file), mode: stat.mode & 0o7777 };
}

function restoreFile(file: string, saved: SavedFile): void {
    fs.rmSync(file, { force: true });
    if (saved == null) return;
    if ("link" in saved) fs.symlinkSync(saved.link, file);
    else fs.writeFileSync(file, saved.bytes, { mode: saved.mode });
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

export interface ServiceStatus {
    /** Every file install writes is there. */
    readonly installed: boolean;
    /** The service manager says it runs; undefined under a staging root, where nothing is asked. */
    readonly running: boolean | undefined;
    readonly lines: string[];
}

/** What is really there: which of the layout's files exist, whether the manager answers, and whether the service runs. */
export async function serviceStatus(layout: ServiceLayout, run: CommandRunner): Promise<ServiceStatus> {
    const present = layout.files.filter((file) => fs.lstatSync(file.path, { throwIfNoEntry: false }) != null);
    const lines = layout.files.map((file) => `${present.includes(file) ? "present" : "missing"}  ${file.path}`);
    if (layout.running == null) return { installed: present.length === layout.files.length, running: undefined, lines };
    const problem = await serviceManagerProblem(layout, run);
    if (problem != null) {
        lines.push(`not running: ${problem}`);
        return { installed: present.length === layout.files.length, running: false, lines };
    }
    const state = await run(layout.running.argv);
    const running = layout.running.isRunning(state.output);
    lines.push(running ? "running" : `not running (${state.output || `exit ${state.code}`})`);
    for (const argv of layout.status) lines.push((await run(argv)).output);
    return { installed: present.length === layout.files.length, running, lines };
}

/** start, stop or restart an installed service through its manager. */
export async function controlService(layout: ServiceLayout, action: ServiceAction, run: CommandRunner): Promise<void> {
    if (layout.actions == null) throw new ServiceError(`--root stages files only; there is no service to ${action}`);
    if (!(await serviceStatus(layout, run)).installed) throw new ServiceError("the service is not installed: run `local-swarm service install` first");
    const problem = await serviceManagerProblem(layout, run);
    if (problem != null) throw new ServiceError(problem);
    const argv = layout.actions[action];
    const result = await run(argv);
    if (result.code !== 0) throw new ServiceError(`\`${argv.join(" ")}\` failed (exit ${result.code}): ${result.output}`);
}
