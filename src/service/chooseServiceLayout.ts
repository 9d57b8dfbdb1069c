import path from "node:path";
import { ServiceError } from "../errors.ts";
import { placeProgram, type PlacedProgram } from "./placeProgram.ts";
import type { ServiceLayout, ServiceSpec } from "./serviceLayout.ts";
import { systemdLayout } from "./systemdLayout.ts";
import { detectTermux, termuxLayout } from "./termuxLayout.ts";

export interface ServiceTarget {
    readonly spec: ServiceSpec;
    /** `user` or `system` (systemd only); default: system for root, user otherwise. */
    readonly scope: "user" | "system" | undefined;
    /**
     * Install under this folder instead of `/` (like a package's DESTDIR): the files land there and
     * no service manager command runs. Used to stage an image and by the tests.
     */
    readonly root: string | undefined;
    readonly env: NodeJS.ProcessEnv;
    readonly platform: NodeJS.Platform;
    readonly isRoot: boolean;
    readonly home: string;
    readonly getprop: (name: string) => string | undefined;
}

/**
 * The one place that picks the service manager: termux-services inside Termux, systemd on other
 * Linux. A binary under a temporary folder is run from a copy in the scope's own bin folder.
 */
export function chooseServiceLayout(target: ServiceTarget): ServiceLayout {
    const within = (file: string) => (target.root == null ? file : path.join(target.root, file));
    const runCommands = target.root == null;
    const termux = detectTermux(target.env, target.platform, target.getprop);
    if (termux != null) {
        if (target.scope === "system") throw new ServiceError("Termux has no system services; leave out --system");
        const placed = placeProgram(target.spec, path.join(termux.prefix, "bin"), within);
        return withProgram(termuxLayout(placed.spec, termux, within(termux.prefix), runCommands), placed);
    }
    if (target.platform !== "linux")
        throw new ServiceError(`installing a service is supported with systemd (Linux) and termux-services (Android), not on ${target.platform}; ` +
            "run `local-swarm serve` from your own service manager instead");
    const scope = target.scope ?? (target.isRoot ? "system" : "user");
    const unitDir = scope === "system"
        ? "/etc/systemd/system"
        : path.join(target.env.XDG_CONFIG_HOME ?? path.join(target.home, ".config"), "systemd", "user");
    const placed = placeProgram(target.spec, scope === "system" ? "/usr/local/bin" : path.join(target.home, ".local", "bin"), within);
    return withProgram(systemdLayout(placed.spec, scope, within(unitDir), runCommands), placed);
}

function withProgram(layout: ServiceLayout, placed: PlacedProgram): ServiceLayout {
    return {
        ...layout,
        files: placed.copy == null ? layout.files : [placed.copy, ...layout.files],
        notes: placed.note == null ? layout.notes : [placed.note, ...layout.notes]
    };
}
