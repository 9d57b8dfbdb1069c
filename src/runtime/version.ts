import packageJson from "../../package.json" with { type: "json" };
import { buildInfo } from "./buildInfo.ts";

/** local-swarm's version number, from package.json (embedded in a compiled binary). */
export const packageVersion: string = packageJson.version;

/** `local-swarm 0.1.0 (linux-x64, cpu)` for a compiled binary, `(linux-x64, from source)` otherwise. */
export function version(): string {
    const variant = buildInfo == null ? `${process.platform}-${process.arch}, from source` : `${buildInfo.target}, ${buildInfo.variant}`;
    return `local-swarm ${packageVersion} (${variant})`;
}
