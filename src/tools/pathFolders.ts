import fs from "node:fs";
import path from "node:path";
import type { Folder, Folders } from "./Folders.ts";

/**
 * macOS, Windows and any system without /proc: folders are checked by path with `lstat` just
 * before use. A rename between that check and the use can still point a path elsewhere; this is
 * the limit of what Node's `fs` offers there.
 */
export const pathFolders: Folders = {
    kind: "path",
    openRoot: (root) => checkFolder(root),
    openChild: (parent, name) => checkFolder(path.join(parent.address, name))
};

async function checkFolder(address: string): Promise<Folder> {
    const stat = await fs.promises.lstat(address);
    if (stat.isSymbolicLink()) throw Object.assign(new Error(`${address} is a symbolic link`), { code: "ELOOP" });
    if (!stat.isDirectory()) throw Object.assign(new Error(`${address} is not a folder`), { code: "ENOTDIR" });
    return { address, stat, close: async () => undefined };
}
