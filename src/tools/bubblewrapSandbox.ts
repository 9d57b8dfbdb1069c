import fs from "node:fs";
import type { Sandbox } from "./detectSandbox.ts";
import { isInside, mountPlan, type MountStep } from "./mountPlan.ts";

/** What commands need of the system, shown read-only; a symlinked one (merged /usr) stays a symlink. */
const systemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"];

/**
 * bubblewrap: a new root that holds only the system folders (read-only), a private /tmp, /dev and
 * /proc, and the workspace (writable); no network, own PID namespace. The home folder and every
 * other path simply do not exist inside; `hidden` paths that would still show (secrets under /etc,
 * the config file inside the workspace) are covered by empty ones.
 */
export function bubblewrapSandbox(hidden: readonly string[]): Sandbox {
    const system = systemFolders.flatMap((folder): { folder: string; link?: string }[] => {
        try {
            const stat = fs.lstatSync(folder);
            if (stat.isSymbolicLink()) return [{ folder, link: fs.readlinkSync(folder) }];
            return stat.isDirectory() ? [{ folder }] : [];
        } catch {
            return [];
        }
    });
    const systemArgs = system.flatMap(({ folder, link }) => link == null ? ["--ro-bind", folder, folder] : ["--symlink", link, folder]);
    const bound = system.filter(({ link }) => link == null).map(({ folder }) => folder);
    return {
        kind: "bubblewrap",
        network: true,
        filesystem: true,
        processTree: true,
        secretsHidden: true,
        view: {
            readOnly: system.map(({ folder }) => folder),
            writable: ["the workspace", "a private, empty /tmp"],
            hidden: ["everything else: the home folder, other users' files, /run, /var, /sys", ...hidden]
        },
        wrap: (argv, workspace, readOnly) => {
            const shown = [workspace, ...readOnly];
            const visible = (file: string) => [...bound, ...shown].some((folder) => isInside(file, folder));
            return [
                "bwrap", ...systemArgs, "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                ...mountPlan(workspace, readOnly, hidden, visible).flatMap(bwrapArgs),
                "--unshare-net", "--unshare-pid", "--die-with-parent", "--chdir", workspace, ...argv
            ];
        },
        summary: `bubblewrap: no network; commands see only ${system.map(({ folder }) => folder).join(", ")} (read-only, without the secrets under /etc), `
            + "a private /tmp and the workspace (writable): not the home folder, nor local-swarm's config, data and cache"
    };
}

function bwrapArgs(step: MountStep): string[] {
    switch (step.kind) {
        case "hide-folder": return ["--tmpfs", step.path];
        case "hide-file": return ["--ro-bind", "/dev/null", step.path];
        case "writable": return ["--bind", step.path, step.path];
        case "read-only": return ["--ro-bind", step.path, step.path];
    }
}
