import type fs from "node:fs";

/** A folder inside the workspace, held for the length of one file operation. */
export interface Folder {
    /**
     * A path that names this very folder: `/proc/self/fd/<fd>` while it is held open (Linux and
     * Android), so a name below it is looked up in the folder that was opened, wherever it is now;
     * else its path, which a concurrent rename can point elsewhere.
     */
    readonly address: string;
    /** What the folder was when it was opened. */
    readonly stat: fs.Stats;
    close(): Promise<void>;
}

/** How this platform opens folders below the workspace root; chosen once by `chooseFolders`. */
export interface Folders {
    /** "descriptor": every name is resolved relative to an open folder; "path": by path, checked just before use. */
    readonly kind: "descriptor" | "path";
    /** Opens the workspace root itself. */
    openRoot(root: string): Promise<Folder>;
    /**
     * Opens the folder `name` inside `parent`, never through a symbolic link: fails with an
     * ELOOP or ENOTDIR error when `name` is a link or not a folder, ENOENT when it is missing.
     */
    openChild(parent: Folder, name: string): Promise<Folder>;
}
