import fs from "node:fs";
import path from "node:path";
import { InvalidRequestError, PermissionError } from "../errors.ts";
import type { Folder, Folders } from "./Folders.ts";

/** One name inside a folder that was reached without leaving the workspace. */
export interface Entry {
    /** The open folder that holds the entry. */
    readonly folder: Folder;
    readonly name: string;
    /** The entry's address for open, lstat and rename: `folder.address/name`. */
    readonly at: string;
    /** Names from the workspace root to the entry, symlinks resolved. */
    readonly relative: readonly string[];
    /** Closes every folder opened on the way. */
    close(): Promise<void>;
}

export interface ResolveOptions {
    /** Where the walk starts; its real path, and its stat when the workspace was opened. */
    readonly root: { readonly path: string; readonly stat: fs.Stats };
    /** Create missing folders on the way; called with each one's names before it is created, so it can refuse. */
    readonly create?: (relative: readonly string[]) => void;
    /** The path as the caller gave it, for messages. */
    readonly shown: string;
}

/** Symlinks followed in one walk before giving up, as the kernel's own limit. */
const maxLinks = 40;

/**
 * The one way from a workspace path to a file: walks `names` from the root, opening each folder
 * from the one above it (`Folders`), following symlinks only while they stay inside, and refusing
 * folders on another device. The last name's symlinks are followed too; what is finally opened
 * there must be opened with O_NOFOLLOW, so a link swapped in afterwards is refused, not followed.
 */
export async function resolveBeneath(folders: Folders, names: readonly string[], options: ResolveOptions): Promise<Entry> {
    const { root, shown } = options;
    const stack: Folder[] = [await folders.openRoot(root.path)];
    const walked: string[] = [];
    const close = async () => {
        for (const folder of stack.splice(0).reverse()) await folder.close();
    };
    try {
        checkSameFolder(shown, stack[0] as Folder, root.stat);
        const pending = names.filter(isName);
        // Symlinks followed and folders created; bounded so that a path changing under the walk cannot hold it.
        let detours = 0;
        const detour = () => {
            if (++detours > maxLinks + names.length) throw Object.assign(new Error(`${shown}: too many symbolic links`), { code: "ELOOP" });
        };
        const follow = async (at: string) => {
            detour();
            const target = await fs.promises.readlink(at);
            if (path.isAbsolute(target)) {
                const inside = path.relative(root.path, target);
                if (inside.startsWith("..") || path.isAbsolute(inside)) throw escape(shown);
                for (const folder of stack.splice(1).reverse()) await folder.close();
                walked.length = 0;
                return inside.split(path.sep).filter(isName);
            }
            return target.split(/[\\/]+/).filter(isName);
        };
        for (let name = pending.shift(); name != null; name = pending.shift()) {
            const top = stack.at(-1) as Folder;
            if (name === "..") {
                if (stack.length === 1) throw escape(shown);
                await (stack.pop() as Folder).close();
                walked.pop();
                continue;
            }
            const at = path.join(top.address, name);
            if (pending.length === 0) {
                const last = await fs.promises.lstat(at).catch(missingIsUndefined);
                if (last?.isSymbolicLink() === true) {
                    pending.unshift(...await follow(at));
                    continue;
                }
                return { folder: top, name, at, relative: [...walked, name], close };
            }
            try {
                const folder = await folders.openChild(top, name);
                stack.push(folder);
                walked.push(name);
                if (folder.stat.dev !== root.stat.dev) throw new PermissionError(`${shown} crosses into another filesystem at ${walked.join("/")}; refusing it`, { code: "workspace_escape" });
            } catch (error) {
                const code = (error as NodeJS.ErrnoException).code;
                if (code === "ENOENT" && options.create != null) {
                    options.create([...walked, name]);
                    detour();
                    await fs.promises.mkdir(at).catch((cause: unknown) => {
                        if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw cause;
                    });
                    pending.unshift(name);
                    continue;
                }
                if (code !== "ELOOP" && code !== "ENOTDIR") throw error;
                if ((await fs.promises.lstat(at)).isSymbolicLink()) pending.unshift(...await follow(at));
                else throw error;
            }
        }
        throw new InvalidRequestError(`${shown} is the workspace folder itself, not a file`, { code: "not_a_file" });
    } catch (error) {
        await close();
        throw error;
    }
}

function isName(name: string): boolean {
    return name !== "" && name !== ".";
}

function escape(shown: string): PermissionError {
    return new PermissionError(`${shown} leads outside the workspace`, { code: "workspace_escape" });
}

/** The root opened now must be the folder the workspace was opened on, not one renamed into its place. */
function checkSameFolder(shown: string, opened: Folder, expected: fs.Stats): void {
    if (opened.stat.ino !== expected.ino || opened.stat.dev !== expected.dev)
        throw new PermissionError(`${shown}: the workspace folder was replaced since the server started; refusing to use it`, { code: "workspace_escape" });
}

function missingIsUndefined(error: unknown): undefined {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
}
