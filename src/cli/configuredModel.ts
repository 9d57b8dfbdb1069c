import fs from "node:fs";
import path from "node:path";
import { formatBytes } from "../hardware/index.ts";
import { isLocalModelRef, resolveModelRef, type Catalog } from "../models/index.ts";

/** The model the settings name, and where it stands: a file and its size, a reference and whether it is downloaded, or none. */
export function configuredModel(model: string | undefined, catalog: Catalog, hfEndpoint: string, dir: string, configPath: string | undefined): string {
    const from = configPath != null ? ` (from ${configPath})` : "";
    if (model == null) return `none${from}; serve picks the recommended model`;
    if (isLocalModelRef(model)) {
        const bytes = fs.statSync(model, { throwIfNoEntry: false })?.size;
        return `${model}${from}  ${bytes == null ? "MISSING: the file is not there" : formatBytes(bytes)}`;
    }
    const file = path.join(dir, ...resolveModelRef(model, { catalog, hfEndpoint }).relativePath.split("/"));
    const bytes = fs.statSync(file, { throwIfNoEntry: false })?.size;
    return `${model}${from}  ${bytes == null ? "not downloaded yet (serve downloads it, or `local-swarm models pull " + model + "`)" : `${formatBytes(bytes)}, downloaded`}`;
}
