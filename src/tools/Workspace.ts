import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, InvalidRequestError, NotFoundError, PayloadTooLargeError, PermissionError } from "../errors.ts";

export interface WorkspaceOptions {
    /** Files and folders that must never be written, even when inside the workspace (the server's config). */
    readonly protectedPaths?: readonly string[];
    /** Most bytes one read returns (default 1 MiB). */
    readonly maxReadBytes?: number;
    /** Most bytes one write may store (default 1 MiB). */
    readonly maxWriteBytes?: number;
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

/**
 * The one folder the tools may touch. Every path is checked on its real location (symlinks
 * resolved) before use: `..` is refused outright, absolute paths must lie inside, symlinks and
 * hard links may not lead out, and nothing inside a `.git` folder (hooks and config run code) or
 * a protected path is ever written. Writes go to a temporary file that is renamed into place, so a
 * failed or refused write leaves nothing behind.
 */
export class Workspace {
    readonly maxReadBytes: number;
    readonly maxWriteBytes: number;

    private constructor(
        /** Real path of the workspace folder. */
        readonly root: string,
        private readonly protectedPaths: readonly string[],
        options: WorkspaceOptions
    ) {
        this.maxReadBytes = options.maxReadBytes ?? defaultLimit;
        this.maxWriteBytes = options.maxWriteBytes ?? defaultLimit;
    }

    /** Creates the folder if needed. Throws ConfigError when it cannot be used. */
    static async open(folder: string, options: WorkspaceOptions = {}): Promise<Workspace> {
        let root: string;
        try {
            await fs.promises.mkdir(folder, { recursive: true });
            root = await fs.promises.realpath(folder);
        } catch (error) {
            throw new ConfigError(`workspace ${folder} cannot be used: ${(error as Error).message}`, { cause: error });
        }
        if (path.dirname(root) === root) throw new ConfigError(`workspace ${folder} is a filesystem root; choose a folder of its own`);
        const protectedPaths = await Promise.all((options.protectedPaths ?? []).map(realPathOfMaybeMissing));
        return new Workspace(root, protectedPaths, options);
    }

    /** `file` relative to the workspace, with forward slashes. */
    relative(file: string): string {
        return path.relative(this.root, file).split(path.sep).join("/") || ".";
    }

    /** Reads from `offset` (default 0; negative counts back from the end, as `tail -c` does). */
    async read(userPath: string, options: { offset?: number; maxBytes?: number } = {}): Promise<ReadResult> {
        const file = await this.resolveExisting(userPath);
        const limit = Math.min(options.maxBytes ?? this.maxReadBytes, this.maxReadBytes);
        // O_NOFOLLOW and fstat on the open handle: the file checked is the file read.
        const handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW).catch((error: unknown) => {
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
                path: this.relative(file),
                content: buffer.subarray(0, bytesRead).toString("utf8"),
                size: stat.size,
                offset,
                truncated: offset + bytesRead < stat.size
            };
        } finally {
            await handle.close();
        }
    }

    async write(userPath: string, content: string): Promise<WriteResult> {
        const bytes = Buffer.byteLength(content, "utf8");
        if (bytes > this.maxWriteBytes)
            throw new PayloadTooLargeError(`write_file: ${bytes} bytes is more than the limit of ${this.maxWriteBytes}`);
        const { file, existing } = await this.resolveForWrite(userPath);
        const folder = path.dirname(file);
        await fs.promises.mkdir(folder, { recursive: true });
        // The folder chain was checked before it was created; check again in case it changed meanwhile.
        this.checkInside(userPath, await fs.promises.realpath(folder));

        const temp = path.join(folder, `.${path.basename(file)}.${crypto.randomBytes(6).toString("hex")}.tmp`);
        const handle = await fs.promises.open(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, existing == null ? 0o644 : existing.mode & 0o777);
        try {
            await handle.writeFile(content, "utf8");
            await handle.sync();
            await handle.close();
            await fs.promises.rename(temp, file);
        } catch (error) {
            await handle.close().catch(() => undefined);
            await fs.promises.rm(temp, { force: true });
            throw error;
        }
        return { path: this.relative(file), bytes, created: existing == null };
    }

    /** Real path of an existing regular file inside the workspace. */
    async resolveExisting(userPath: string): Promise<string> {
        const lexical = this.lexicalPath(userPath);
        let real: string;
        try {
            real = await fs.promises.realpath(lexical);
        } catch (error) {
            throw this.accessError(userPath, error);
        }
        this.checkInside(userPath, real);
        this.checkUnprotected(userPath, real);
        this.checkRegularFile(userPath, await fs.promises.stat(real));
        return real;
    }

    /** Real path a write to `userPath` goes to, after every check; the file's stat when it exists. */
    async resolveForWrite(userPath: string): Promise<{ file: string; existing: fs.Stats | undefined }> {
        const lexical = this.lexicalPath(userPath);
        if (lexical === this.root) throw new InvalidRequestError(`${userPath} is the workspace folder itself, not a file`, { code: "not_a_file" });
        // Find the deepest folder that exists; the missing ones below it will be created and hold no links.
        const missing: string[] = [path.basename(lexical)];
        let ancestor = path.dirname(lexical);
        let realAncestor: string | undefined;
        while (realAncestor == null) {
            try {
                realAncestor = await fs.promises.realpath(ancestor);
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== "ENOENT" || path.dirname(ancestor) === ancestor) throw this.accessError(userPath, error);
                missing.unshift(path.basename(ancestor));
                ancestor = path.dirname(ancestor);
            }
        }
        this.checkInside(userPath, realAncestor);
        let file = path.join(realAncestor, ...missing);
        let existing: fs.Stats | undefined;
        try {
            const link = await fs.promises.lstat(file);
            if (link.isSymbolicLink()) {
                file = await fs.promises.realpath(file).catch((error: unknown) => {
                    throw new PermissionError(`${userPath} is a symbolic link that leads nowhere; refusing to write through it`, { code: "workspace_escape", cause: error });
                });
                this.checkInside(userPath, file);
            }
            existing = await fs.promises.stat(file);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
        if (existing != null) this.checkRegularFile(userPath, existing);
        this.checkWritable(userPath, file);
        return { file, existing };
    }

    /** Where `userPath` points before links are followed; refuses `..` and absolute paths outside. */
    private lexicalPath(userPath: string): string {
        if (typeof userPath !== "string" || userPath === "")
            throw new InvalidRequestError("path must be a non-empty string", { code: "invalid_tool_arguments", param: "path" });
        if (userPath.includes("\0"))
            throw new InvalidRequestError("path must not contain NUL characters", { code: "invalid_tool_arguments", param: "path" });
        if (userPath.split(/[\\/]+/).includes(".."))
            throw new PermissionError(`${userPath}: ".." is not allowed in workspace paths`, { code: "workspace_escape" });
        const lexical = path.resolve(this.root, userPath);
        this.checkInside(userPath, lexical);
        return lexical;
    }

    private checkInside(userPath: string, real: string): void {
        if (real !== this.root && !real.startsWith(this.root + path.sep))
            throw new PermissionError(`${userPath} is outside the workspace ${this.root}`, { code: "workspace_escape" });
    }

    private checkRegularFile(userPath: string, stat: fs.Stats): void {
        if (stat.isDirectory()) throw new InvalidRequestError(`${userPath} is a folder, not a file`, { code: "not_a_file" });
        if (!stat.isFile()) throw new InvalidRequestError(`${userPath} is not a regular file`, { code: "not_a_file" });
        // A second name for the same file may be a hard link planted from outside the workspace.
        if (stat.nlink > 1) throw new PermissionError(`${userPath} has other hard links (${stat.nlink}); refusing it, it may lead outside the workspace`, { code: "workspace_escape" });
    }

    private checkWritable(userPath: string, file: string): void {
        if (this.relative(file).split("/").includes(".git"))
            throw new PermissionError(`${userPath} is inside a .git folder; its hooks and config can run code, so tools never write there`, { code: "protected_path" });
        this.checkUnprotected(userPath, file);
    }

    private checkUnprotected(userPath: string, file: string): void {
        for (const protectedPath of this.protectedPaths)
            if (file === protectedPath || file.startsWith(protectedPath + path.sep))
                throw new PermissionError(`${userPath} is part of local-swarm's own configuration; tools may not touch it`, { code: "protected_path" });
    }

    private accessError(userPath: string, error: unknown): Error {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return new NotFoundError(`${userPath} does not exist in the workspace`, { code: "file_not_found", cause: error });
        if (code === "ELOOP") return new PermissionError(`${userPath} is a symbolic link; refusing to follow it`, { code: "workspace_escape", cause: error });
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
