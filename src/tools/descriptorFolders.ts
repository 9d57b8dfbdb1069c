import fs from "node:fs";
import path from "node:path";
import type { Folder, Folders } from "./Folders.ts";

const folderFlags = fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW;

/**
 * Linux and Android: each folder is opened with O_NOFOLLOW | O_DIRECTORY from the open folder
 * above it, and names below it are addressed as `/proc/self/fd/<fd>/<name>`, which the kernel
 * resolves in the opened folder (as `openat` would; Node's `fs` has no `openat`). A folder
 * swapped for a symlink after it was checked is never entered.
 */
export const descriptorFolders: Folders = {
    kind: "descriptor",
    openRoot: (root) => openFolder(root),
    openChild: (parent, name) => openFolder(path.posix.join(parent.address, name))
};

async function openFolder(address: string): Promise<Folder> {
    const handle = await fs.promises.open(address, folderFlags);
    try {
        return { address: `/proc/self/fd/${handle.fd}`, stat: await handle.stat(), close: () => handle.close() };
    } catch (error) {
        await handle.close();
        throw error;
    }
}

/** Whether `/proc/self/fd` resolves names relative to an open folder here (it needs /proc mounted). */
export async function descriptorFoldersWork(root: string): Promise<boolean> {
    try {
        const folder = await descriptorFolders.openRoot(root);
        try {
            const seen = await fs.promises.stat(path.posix.join(folder.address, "."));
            return seen.ino === folder.stat.ino && seen.dev === folder.stat.dev;
        } finally {
            await folder.close();
        }
    } catch {
        return false;
    }
}
