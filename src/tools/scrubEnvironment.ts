import path from "node:path";
import { isInside } from "./mountPlan.ts";

/**
 * The environment a tool command gets: only what programs need to run, never what they could
 * leak (API keys, tokens, cloud credentials, SSH agents). Kept: PATH, locale and terminal
 * variables, the time zone, and on Termux what its programs need to start. HOME points
 * into the workspace so nothing lands in the user's home. PATH keeps only absolute folders
 * outside the workspace, so a program named on an allow list is never one planted there.
 */
export function scrubEnvironment(env: NodeJS.ProcessEnv, workspace: string): Record<string, string> {
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) {
        if (value == null) continue;
        if (keptNames.has(name) || name.startsWith("LC_")) kept[name] = value;
        // Termux runs programs through this preload library; without it their shebangs fail.
        else if (name === "LD_PRELOAD" && value.includes("termux-exec")) kept[name] = value;
    }
    kept.PATH = (kept.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(path.delimiter).filter((folder) => path.isAbsolute(folder) && !isInside(folder, workspace)).join(path.delimiter);
    kept.HOME = workspace;
    kept.PWD = workspace;
    return kept;
}

const keptNames = new Set(["PATH", "LANG", "LANGUAGE", "TERM", "TZ", "PREFIX", "ANDROID_ROOT", "ANDROID_DATA", "ANDROID_ART_ROOT", "ANDROID_I18N_ROOT", "ANDROID_TZDATA_ROOT"]);
