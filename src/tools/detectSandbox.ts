import { spawn } from "node:child_process";
import os from "node:os";
import { userPaths } from "../config/index.ts";
import { bubblewrapSandbox } from "./bubblewrapSandbox.ts";
import { unshareSandbox } from "./unshareSandbox.ts";

/** How `execute_bash` commands (and any other program run for the model) are contained on this machine. */
export interface Sandbox {
    readonly kind: "bubblewrap" | "unshare" | "none";
    /** Commands cannot open network connections. */
    readonly network: boolean;
    /** Commands can write only inside the workspace. */
    readonly filesystem: boolean;
    /** Everything a command starts dies with it, even processes that left its process group. */
    readonly processTree: boolean;
    /** Commands cannot read the home folder, local-swarm's config, data and cache, or the secrets under /etc. */
    readonly secretsHidden: boolean;
    /** What a command sees: read-only, writable, and hidden paths, in words a user can check. */
    readonly view: { readonly readOnly: readonly string[]; readonly writable: readonly string[]; readonly hidden: readonly string[] };
    /**
     * Program and arguments that run `argv` inside the sandbox, in `workspace` (writable), with
     * `readOnly` paths shown read-only (inside the workspace: kept from being written; outside: shown
     * though the sandbox would hide them, e.g. an interpreter's folder).
     */
    wrap(argv: readonly string[], workspace: string, readOnly: readonly string[]): string[];
    /** One sentence a user (and the model) can read: what is and is not enforced. */
    readonly summary: string;
}

/** Runs a program and tells whether it exited 0; replaceable in tests. */
export type Probe = (argv: readonly string[]) => Promise<boolean>;

export interface DetectSandboxOptions {
    /**
     * Paths commands must not see, besides the secrets under /etc (default: the home folder and
     * local-swarm's config file, data and cache folders).
     */
    readonly hidden?: readonly string[];
    readonly probe?: Probe;
    readonly platform?: NodeJS.Platform;
}

/** Files and folders under /etc that hold passwords, keys or credentials. */
const systemSecrets = [
    "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/sudoers", "/etc/sudoers.d", "/etc/ssh", "/etc/ssl/private",
    "/etc/security/opasswd", "/etc/NetworkManager/system-connections", "/etc/wpa_supplicant", "/etc/ppp", "/etc/krb5.keytab",
    "/etc/letsencrypt", "/etc/wireguard", "/etc/openvpn", "/etc/docker", "/etc/mysql/debian.cnf", "/etc/credstore", "/etc/credstore.encrypted"
];

const none: Sandbox = {
    kind: "none",
    network: false,
    filesystem: false,
    processTree: false,
    secretsHidden: false,
    view: { readOnly: [], writable: ["the whole filesystem"], hidden: [] },
    wrap: (argv) => [...argv],
    summary: "none: commands have network access and can read and write every file this user can, local-swarm's config included (neither bubblewrap nor unshare works here)"
};

/** The home folder and local-swarm's own files: what `detectSandbox` hides unless told otherwise. */
export function defaultHiddenPaths(): string[] {
    const { configFile, dataDir, cacheDir } = userPaths();
    return [os.homedir(), configFile, dataDir, cacheDir];
}

/**
 * The strongest containment that really works here, found by running each candidate once:
 * bubblewrap, then unshare as root, then unshare in a user namespace. Not Linux: none.
 */
export async function detectSandbox(options: DetectSandboxOptions = {}): Promise<Sandbox> {
    const { probe = runsCleanly, platform = process.platform } = options;
    if (platform !== "linux" && platform !== "android") return none;
    const hidden = [...systemSecrets, ...options.hidden ?? defaultHiddenPaths()];
    const scratch = os.tmpdir();
    const bubblewrap = bubblewrapSandbox(hidden);
    if (await probe(bubblewrap.wrap(["true"], scratch, []))) return bubblewrap;
    for (const mapUser of [false, true]) {
        const candidate = unshareSandbox(mapUser, hidden);
        if (await probe(candidate.wrap(["true"], scratch, []))) return candidate;
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
