import packageJson from "../../package.json" with { type: "json" };

/** `local-swarm 0.1.0 (linux-x64, cpu)`: the build variant is filled in by compiled binaries. */
export function version(): string {
    return `local-swarm ${packageJson.version} (${process.platform}-${process.arch})`;
}
