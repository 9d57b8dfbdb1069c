import { spawn } from "node:child_process";

/** How `execute_bash` commands are contained on this machine. */
export interface Sandbox {
    readonly kind: "bubblewrap" | "unshare" | "none";
    /** Commands cannot open network connections. */
    readonly network: boolean;
    /** Commands can write only inside the workspace. */
    readonly filesystem: boolean;
    /** Everything a command starts dies with it, even processes that left its process group. */
    readonly processTree: boolean;
    /** Program and arguments that run `argv` inside the sandbox, with `workspace` writable. */
    wrap(argv: readonly string[], workspace: string, readOnly: readonly string[]): string[];
    /** One sentence a user (and the model) can read: what is and is not enforced. */
    readonly summary: string;
}

/** Runs a program and tells whether it exited 0; replaceable in tests. */
export type Probe = (argv: readonly string[]) => Promise<boolean>;

const bubblewrap: Sandbox = {
    kind: "bubblewrap",
    network: true,
    filesystem: true,
    processTree: true,
    wrap: (argv, workspace, readOnly) => [
        "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
        "--bind", workspace, workspace,
        ...readOnly.flatMap((folder) => ["--ro-bind-try", folder, folder]),
        "--unshare-net", "--unshare-pid", "--die-with-parent", "--chdir", workspace, ...argv
    ],
    summary: "bubblewrap: no network, files outside the workspace are read-only"
};

function unshare(mapUser: boolean): Sandbox {
    return {
        kind: "unshare",
        network: true,
        filesystem: false,
        processTree: true,
        wrap: (argv) => ["unshare", ...(mapUser ? ["--map-current-user"] : []), "--net", "--pid", "--fork", "--kill-child", ...argv],
        summary: "unshare: no network, but commands can read and write files outside the workspace (install bubblewrap to confine them)"
    };
}

const none: Sandbox = {
    kind: "none",
    network: false,
    filesystem: false,
    processTree: false,
    wrap: (argv) => [...argv],
    summary: "none: commands have network access and can read and write files outside the workspace (neither bubblewrap nor unshare works here)"
};

/**
 * The strongest containment that really works here, found by running each candidate once:
 * bubblewrap, then unshare as root, then unshare in a user namespace. Not Linux: none.
 */
export async function detectSandbox(probe: Probe = runsCleanly, platform: NodeJS.Platform = process.platform): Promise<Sandbox> {
    if (platform !== "linux" && platform !== "android") return none;
    if (await probe(bubblewrap.wrap(["true"], "/", []))) return bubblewrap;
    for (const mapUser of [false, true]) {
        const candidate = unshare(mapUser);
        if (await probe(candidate.wrap(["true"], "/", []))) return candidate;
    }
    return none;
}

function runsCleanly(argv: readonly string[]): Promise<boolean> {
    return new Promise((resolve) => {
        const [program = "", ...args] = argv;
        const child = spawn(program, args, { stdio: "ignore", timeout: 5_000 });
        child.on("error", () => resolve(false));
        child.on("exit", (code) => resolve(code === 0));
    });
}
