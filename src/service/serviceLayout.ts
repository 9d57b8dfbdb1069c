/** What installing the service means on one service manager: files to write and commands around them. */
export interface ServiceFile {
    readonly path: string;
    /** File content, `linkTo` for a symbolic link, or `copyFrom` for a copy of another file (the program itself). */
    readonly content?: string;
    readonly linkTo?: string;
    readonly copyFrom?: string;
    readonly mode: number;
}

/** A command that must succeed before anything is written, and what its failure means to the user. */
export interface ServicePrecondition {
    readonly argv: readonly string[];
    readonly problem: string;
}

export type ServiceAction = "start" | "stop" | "restart";

export interface ServiceLayout {
    readonly manager: "systemd" | "termux";
    /** Folders install creates that belong to the service alone; uninstall removes them whole. */
    readonly ownDirs: readonly string[];
    readonly files: readonly ServiceFile[];
    /** Checked before install writes anything: the service manager is there and answers. */
    readonly preconditions: readonly ServicePrecondition[];
    /** Run after the files are written (reload, enable, start). */
    readonly enable: readonly (readonly string[])[];
    /** Run before the files are removed (stop, disable). */
    readonly disable: readonly (readonly string[])[];
    /** Run after the files are removed (reload). */
    readonly afterRemove: readonly (readonly string[])[];
    readonly status: readonly (readonly string[])[];
    /** Whether the service runs now: the command, and how to read its output. */
    readonly running: { readonly argv: readonly string[]; readonly isRunning: (output: string) => boolean } | undefined;
    /** start, stop and restart; absent under a staging root. */
    readonly actions: Readonly<Record<ServiceAction, readonly string[]>> | undefined;
    /** The command that shows the service's recent log lines, or follows them. */
    readonly logs: ((follow: boolean) => readonly string[]) | undefined;
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
