import type { Sandbox } from "./detectSandbox.ts";
import { mountPlan, type MountStep } from "./mountPlan.ts";

/** Where unshare adds an empty folder besides `hidden`: homes, runtime sockets (a Docker socket is root), shared temp and mounts. */
const alsoHidden = ["/home", "/root", "/run", "/tmp", "/mnt", "/media", "/srv"];

/**
 * Runs in the new mount namespace before the command: holds every shown path open, applies the
 * steps in order (empty tmpfs or /dev/null on top; shown paths bound back from the held
 * descriptor, read-only ones remounted so), then runs the command in the workspace.
 * Arguments: the workspace, pairs of step kind and path, then `--`, then the command.
 */
const setupScript = `set -e
workspace=$1; shift
kinds=(); paths=(); fds=()
while [ "$1" != "--" ]; do kinds+=("$1"); paths+=("$2"); shift 2; done
shift
for i in "\${!kinds[@]}"; do
  case "\${kinds[$i]}" in writable|read-only) exec {fd}<"\${paths[$i]}"; fds[$i]=$fd;; esac
done
for i in "\${!kinds[@]}"; do
  p="\${paths[$i]}"
  case "\${kinds[$i]}" in
    hide-folder) mount -t tmpfs -o mode=0755 tmpfs "$p";;
    hide-file) mount --bind /dev/null "$p";;
    *) src="/proc/self/fd/\${fds[$i]}"
       if [ -d "$src" ]; then mkdir -p "$p"; else mkdir -p "\${p%/*}"; [ -e "$p" ] || : > "$p"; fi
       mount --no-canonicalize --bind "$src" "$p"
       if [ "\${kinds[$i]}" = read-only ]; then mount -o remount,bind,ro "$p"; fi;;
  esac
done
for fd in "\${fds[@]}"; do exec {fd}<&-; done
cd "$workspace"
exec "$@"`;

/**
 * unshare: no network, own PID namespace with its own /proc, and a private mount namespace in which
 * the home folders, /run, /tmp and `hidden` are covered by empty folders (the workspace is bound
 * back on top). Everything else stays visible and writable: unshare cannot make a read-only root.
 */
export function unshareSandbox(mapUser: boolean, hidden: readonly string[]): Sandbox {
    const covered = [...alsoHidden, ...hidden];
    return {
        kind: "unshare",
        network: true,
        filesystem: false,
        processTree: true,
        secretsHidden: true,
        view: { readOnly: [], writable: ["the whole filesystem except what is hidden"], hidden: covered },
        wrap: (argv, workspace, readOnly) => [
            "unshare", ...(mapUser ? ["--map-current-user"] : []), "--net", "--pid", "--fork", "--kill-child", "--mount-proc",
            "bash", "--noprofile", "--norc", "-c", setupScript, "sandbox", workspace,
            ...mountPlan(workspace, readOnly, covered, () => true).flatMap((step: MountStep) => [step.kind, step.path]), "--", ...argv
        ],
        summary: `unshare: no network; ${covered.join(", ")} are hidden (the workspace shows), but commands can read and write `
            + "every other file outside the workspace (install bubblewrap to confine them)"
    };
}
