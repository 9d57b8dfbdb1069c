import os from "node:os";
import path from "node:path";
import type { ServiceFile, ServiceSpec } from "./serviceLayout.ts";

/** Folders a service cannot run a program from: systemd's PrivateTmp hides them, and they are emptied at boot. */
function isTemporary(file: string): boolean {
    return [os.tmpdir(), "/tmp", "/var/tmp", "/dev/shm"].some((dir) => file.startsWith(dir.replace(/\/+$/, "") + "/"));
}

export interface PlacedProgram {
    readonly spec: ServiceSpec;
    /** The copy of the program install writes, when it had to move it. */
    readonly copy: ServiceFile | undefined;
    readonly note: string | undefined;
}

/**
 * Where the service runs the program from. A compiled binary under a temporary folder (where a
 * download often lands) is copied to `binDir` (`~/.local/bin`, `/usr/local/bin`, Termux's `$PREFIX/bin`)
 * and the service runs that copy; a source checkout there can only be warned about.
 * `within` maps a path onto the staging root, if any.
 */
export function placeProgram(spec: ServiceSpec, binDir: string, within: (file: string) => string): PlacedProgram {
    const program = spec.command[0];
    if (program == null || !spec.command.some(isTemporary)) return { spec, copy: undefined, note: undefined };
    if (spec.command.length > 1)
        return {
            spec, copy: undefined,
            note: `warning: ${spec.command.at(-1)} is under a temporary folder, which the service cannot see; move it elsewhere and install again`
        };
    const stable = path.join(binDir, "local-swarm");
    return {
        spec: { ...spec, command: [stable] },
        copy: { path: within(stable), copyFrom: program, mode: 0o755 },
        note: `the service runs ${stable}, a copy of ${program} (a service cannot run a program under a temporary folder); ` +
            "to update, replace that file and run `local-swarm service restart`"
    };
}
