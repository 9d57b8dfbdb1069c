import { descriptorFolders, descriptorFoldersWork } from "./descriptorFolders.ts";
import type { Folders } from "./Folders.ts";
import { pathFolders } from "./pathFolders.ts";

/** Descriptor-relative folders where the platform has them (Linux, Android with /proc), else paths. */
export async function chooseFolders(root: string, platform: NodeJS.Platform = process.platform): Promise<Folders> {
    if ((platform === "linux" || platform === "android") && await descriptorFoldersWork(root)) return descriptorFolders;
    return pathFolders;
}
