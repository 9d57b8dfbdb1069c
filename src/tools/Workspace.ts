import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, InvalidRequestError, NotFoundError, PayloadTooLargeError, PermissionError, SwarmError } from "../errors.ts";
import { chooseFolders } from "./chooseFolders.ts";
import type { Folders } from "./Folders.ts";
import { resolveBeneath, type Entry } from "./resolveBeneath.ts";

export interface WorkspaceOptions {
    /** Files and folders that must never be written, even when inside the workspace (the server's config). */
    readonly protectedPaths?: readonly string[];
    /** Most bytes one read returns (default 1 MiB). */
    readonly maxReadBytes?: number;
    /** Most bytes one write may store (default 1 MiB). */
    readonly maxWriteBytes?: number;
    /** Decides how folders are opened (default process.platform; tests pass another to run its variant). */
    readonly platform?: NodeJS.Platform;
}

export interface ReadResult {
    /** The path relative to the workspace. */
    readonly path: string;
    readonly content: string;
    /** Size of the whole file. */
    readonly size: number;
    /** Where the content starts in the file. */
    readonly offset: number;
    /** True when the file goes on past what was returned. */
    readonly truncated: boolean;
}

export interface WriteResult {
    readonly path: string;
    readonly bytes: number;
    readonly created: boolean;
}

const defaultLimit = 1024 * 1024;

/** Opening a file never blocks (a FIFO or device swapped in answers at once) and never follows a link. */
const readFlags = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;
const tempFlags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;

/**
 * The one folder the tools may touch. Every operation resolves its path once with
 * `resolveBeneath`, folder by folder from the root, and then works relative to the folder it
 * reached (on Linux and Android through an open descriptor), so a folder swapped for a symlink
 * during the call is never followed. `..` is refused outright, absolute paths must lie inside,
 * symlinks may not lead out, what is opened is checked with `fstat` (a regular file, on the
 * workspace's device, with no other hard link), and nothing inside a `.git` folder (hooks and
 * config run code) or a protected path is written. Writes go to a temporary file in the same
 * folder that is renamed into place, so a failed or refused write leaves nothing behind.
 */
export class Workspace {
    readonly maxReadBytes: number;
    readonly maxWriteBytes: number;

    private constructor(
        /** Real path of the workspace folder. */
        readonly root: string,
        /** The root as it was when opened: every operation checks it is still the same folder. */
        private readonly rootStat: fs.Stats,
        /** How folders are opened on this platform. */
        readonly folders: Folders,
        private readonly protectedPaths: readonly string[],
        options: WorkspaceOptions
    ) {
        this.maxReadBytes = options.maxReadBytes ?? defaultLimit;
        this.maxWriteBytes = options.maxWriteBytes ?? defaultLimit;
    }

    /** Creates the folder if needed. Throws ConfigError when it cannot be used. */
    static async open(folder: string, options: WorkspaceOptions = {}): Promise<Workspace> {
        let root: string;
        let rootStat: fs.Stats;
        try {
            await fs.promises.mkdir(folder, { recursive: true });
            root = await fs.promises.realpath(folder);
            rootStat = await fs.promises.stat(root);
        } catch (error) {
            throw new ConfigError(`workspace ${folder} cannot be used: ${(error as Error).message}`, { cause: error });
        }
        if (path.dirname(root) === root) throw new ConfigError(`workspace ${folder} is a filesystem root; choose a folder of its own`);
        const protectedPaths = await Promise.all((options.protectedPaths ?? []).map(realPathOfMaybeMissing));
        return new Workspace(root, rootStat, await chooseFolders(root, options.platform), protectedPaths, options);
    }

    /** Reads from `offset` (default 0; negative counts back from the end, as `tail -c` does). */
    async read(userPath: string, options: { offset?: number; maxBytes?: number } = {}): Promise<ReadResult> {
        const entry = await this.resolve(userPath);
        try {
            this.checkUnprotected(userPath, entry.relative);
            const limit = Math.min(options.maxBytes ?? this.maxReadBytes, this.maxReadBytes);
            const handle = await fs.promises.open(entry.at, readFlags).catch((error: unknown) => {
                throw this.accessError(userPath, error);
            });
            try {
                const stat = await handle.stat();
                this.checkRegularFile(userPath, stat);
                const requested = options.offset ?? 0;
                const offset = requested < 0 ? Math.max(0, stat.size + requested) : requested;
                const length = Math.max(0, Math.min(limit, stat.size - offset));
                const buffer = Buffer.alloc(length);
                const { bytesRead } = length > 0 ? await handle.read(buffer, 0, length, offset) : { bytesRead: 0 };
                return {
                    path: entry.relative.join("/"),
                    content: buffer.subarray(0, bytesRead).toString("utf8"),
                    size: stat.size,
                    offset,
                    truncated: offset + bytesRead < stat.size
                };
            } finally {
                await handle.close();
            }
        } finally {
            await entry.close();
        }
    }

    async write(userPath: string, content: string): Promise<WriteResult> {
        const bytes = Buffer.byteLength(content, "utf8");
        if (bytes > this.maxWriteBytes)
            throw new PayloadTooLargeError(`write_file: ${bytes} bytes is more than the limit of ${this.maxWriteBytes}`);
        // Checked on the path as given before any folder is created, and again where it really leads.
        this.checkWritable(userPath, this.names(userPath));
        const entry = await this.resolve(userPath, (relative) => this.checkWritable(userPath, relative));
        try {
            this.checkWritable(userPath, entry.relative);
            const existing = await fs.promises.lstat(entry.at).catch((error: unknown) => {
                if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
                return undefined;
            });
            if (existing != null) this.checkRegularFile(userPath, existing);
            const temp = path.join(entry.folder.address, `.${entry.name}.${crypto.randomBytes(6).toString("hex")}.tmp`);
            const handle = await fs.promises.open(temp, tempFlags, existing == null ? 0o644 : existing.mode & 0o777);
            try {
                await handle.writeFile(content, "utf8");
                await handle.sync();
                await handle.close();
                await fs.promises.rename(temp, entry.at);
            } catch (error) {
                await handle.close().catch(() => undefined);
                await fs.promises.rm(temp, { force: true });
                throw error;
            }
            return { path: entry.relative.join("/"), bytes, created: existing == null };
        } finally {
            await entry.close();
        }
    }

    /** Walks to `userPath`'s entry; with `create`, missing folders are made (each checked by `create` first). */
    private async resolve(userPath: string, create?: (relative: readonly string[]) => void): Promise<Entry> {
        const names = this.names(userPath);
        if (names.length === 0) throw new InvalidRequestError(`${userPath} is the workspace folder itself, not a file`, { code: "not_a_file" });
        try {
            return await resolveBeneath(this.folders, names, { root: { path: this.root, stat: this.rootStat }, create, shown: userPath });
        } catch (error) {
            throw this.accessError(userPath, error);
        }
    }

    /** The names from the root to `userPath`, before links are followed; refuses `..` and absolute paths outside. */
    private names(userPath: string): string[] {
        if (typeof userPath !== "string" || userPath === "")
            throw new InvalidRequestError("path must be a non-empty string", { code: "invalid_tool_arguments", param: "path" });
        if (userPath.includes("\0"))
            throw new InvalidRequestError("path must not contain NUL characters", { code: "invalid_tool_arguments", param: "path" });
        if (userPath.split(/[\\/]+/).includes(".."))
            throw new PermissionError(`${userPath}: ".." is not allowed in workspace paths`, { code: "workspace_escape" });
        const inside = path.relative(this.root, path.resolve(this.root, userPath));
        if (inside.startsWith("..") || path.isAbsolute(inside))
            throw new PermissionError(`${userPath} is outside the workspace ${this.root}`, { code: "workspace_escape" });
        return inside.split(path.sep).filter((name) => name !== "");
    }

    private checkRegularFile(userPath: string, stat: fs.Stats): void {
        if (stat.isDirectory()) throw new InvalidRequestError(`${userPath} is a folder, not a file`, { code: "not_a_file" });
        if (!stat.isFile()) throw new InvalidRequestError(`${userPath} is not a regular file`, { code: "not_a_file" });
        if (stat.dev !== this.rootStat.dev) throw new PermissionError(`${userPath} is on another filesystem than the workspace; refusing it`, { code: "workspace_escape" });
        // A second name for the same file may be a hard link planted from outside the workspace.
        if (stat.nlink > 1) throw new PermissionError(`${userPath} has other hard links (${stat.nlink}); refusing it, it may lead outside the workspace`, { code: "workspace_escape" });
    }

    private checkWritable(userPath: string, relative: readonly string[]): void {
        if (relative.includes(".git"))
            throw new PermissionError(`${userPath} is inside a .git folder; its hooks and config can run code, so tools never write there`, { code: "protected_path" });
        this.checkUnprotected(userPath, relative);
    }

    private checkUnprotected(userPath: string, relative: readonly string[]): void {
        const file = path.join(this.root, ...relative);
        for (const protectedPath of this.protectedPaths)
            if (file === protectedPath || file.startsWith(protectedPath + path.sep))
                throw new PermissionError(`${userPath} is part of local-swarm's own configuration; tools may not touch it`, { code: "protected_path" });
    }

    private accessError(userPath: string, error: unknown): Error {
        if (error instanceof SwarmError) return error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return new NotFoundError(`${userPath} does not exist in the workspace`, { code: "file_not_found", cause: error });
        if (code === "ELOOP") return new PermissionError(`${userPath} is a symbolic link; refusing to follow it`, { code: "workspace_escape", cause: error });
        // A socket cannot be opened at all (ENXIO); whatever it is, it is not a file to read.
        if (code === "ENXIO") return new InvalidRequestError(`${userPath} is not a regular file`, { code: "not_a_file", cause: error });
        if (code === "ENOTDIR") return new InvalidRequestError(`${userPath}: a part of the path is a file, not a folder`, { code: "not_a_file", cause: error });
        return error as Error;
    }
}

/** The real path of `file`, resolving the part of it that exists. */
async function realPathOfMaybeMissing(file: string): Promise<string> {
    const absolute = path.resolve(file);
    try {
        return await fs.promises.realpath(absolute);
    } catch {
        const parent = path.dirname(absolute);
        return parent === absolute ? absolute : path.join(await realPathOfMaybeMissing(parent), path.basename(absolute));
    }
}
