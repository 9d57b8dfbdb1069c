/** What installing the service means on one service manager: files to write and commands around them. */
export interface ServiceFile {
    readonly path: string;
    /** File content, or `linkTo` for a symbolic link. */
    readonly content?: string;
    readonly linkTo?: string;
    readonly mode: number;
}

export interface ServiceLayout {
    readonly manager: "systemd" | "termux";
    /** Folders install creates that belong to the service alone; uninstall removes them whole. */
    readonly ownDirs: readonly string[];
    readonly files: readonly ServiceFile[];
    /** Run after the files are written (reload, enable, start). */
    readonly enable: readonly (readonly string[])[];
    /** Run before the files are removed (stop, disable). */
    readonly disable: readonly (readonly string[])[];
    /** Run after the files are removed (reload). */
    readonly afterRemove: readonly (readonly string[])[];
    readonly status: readonly (readonly string[])[];
    /** Told to the user after install: where logs go, what else to do. */
    readonly notes: readonly string[];
}

/** How the service starts local-swarm: the program (and script, when run from source) plus absolute paths. */
export interface ServiceSpec {
    readonly command: readonly string[];
    readonly configFile: string;
    readonly dataDir: string;
    readonly cacheDir: string;
}
