import fs from "node:fs";
import path from "node:path";

/** One step of building what a sandboxed command sees, applied in order. */
export interface MountStep {
    /** hide-folder: an empty folder on top; hide-file: an empty file on top; writable / read-only: the host path bound back. */
    readonly kind: "hide-folder" | "hide-file" | "writable" | "read-only";
    readonly path: string;
}

/**
 * The steps that show `workspace` writable and `readOnly` read-only and hide `hidden`, where
 * `visible(path)` says whether the sandbox would show a path before these steps. Hiding a folder
 * that holds a shown path comes first, so the shown path is bound back on top of it (the workspace
 * inside a hidden home); every other hiding comes last, so it also covers what a shown path holds
 * (the config file inside the workspace). A path inside a hidden folder is already hidden, unless a
 * shown path between them brings it back. Missing paths and symlinks are left alone: a mount on a
 * symlink would land on its target.
 */
export function mountPlan(workspace: string, readOnly: readonly string[], hidden: readonly string[], visible: (file: string) => boolean): MountStep[] {
    const shown = [{ kind: "writable" as const, path: workspace }, ...readOnly.filter((file) => fs.existsSync(file)).map((file) => ({ kind: "read-only" as const, path: file }))];
    const candidates = [...new Set(hidden.map((file) => path.resolve(file)))].flatMap((file): MountStep[] => {
        const stat = lstatOrUndefined(file);
        if (stat == null || stat.isSymbolicLink() || !visible(file)) return [];
        return [{ kind: stat.isDirectory() ? "hide-folder" : "hide-file", path: file }];
    });
    const coveredBy = (step: MountStep, folder: MountStep) => folder.kind === "hide-folder" && folder.path !== step.path && isInside(step.path, folder.path)
        && !shown.some((show) => isInside(step.path, show.path) && isInside(show.path, folder.path));
    const hiding = candidates.filter((step) => !candidates.some((folder) => coveredBy(step, folder)));
    const holdsShown = (step: MountStep) => shown.some((show) => isInside(show.path, step.path));
    return [...hiding.filter(holdsShown), ...shown, ...hiding.filter((step) => !holdsShown(step))];
}

/** Whether `file` is `folder` or lies below it. */
export function isInside(file: string, folder: string): boolean {
    return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
    try {
        return fs.lstatSync(file);
    } catch {
        return undefined;
    }
}
