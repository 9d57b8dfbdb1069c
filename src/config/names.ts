/** `contextSize` → `context-size` (flags). */
export function flagName(name: string): string {
    return name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/** `context-size` → `contextSize`. */
export function settingName(flag: string): string {
    return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `contextSize` → `LOCAL_SWARM_CONTEXT_SIZE`. */
export function envName(name: string): string {
    return "LOCAL_SWARM_" + name.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();
}
