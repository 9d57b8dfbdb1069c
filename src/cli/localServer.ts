import type { Settings } from "../config/index.ts";
import { isLocalModelRef, loadCatalog, modelIdOf, resolveModelRef } from "../models/index.ts";

export interface LocalServer {
    readonly url: string;
    /** The model it serves, as /health names it (the file name without `.gguf`). */
    readonly model: string;
}

/**
 * A local-swarm server already answering on this machine at the configured port that serves the
 * model this command would load (any model, when none is named: it then serves the same config).
 * Asked through GET /health, which needs no key, within half a second.
 */
export async function findLocalServer(settings: Pick<Settings, "host" | "port" | "model" | "catalog" | "hfEndpoint">): Promise<LocalServer | undefined> {
    const host = settings.host === "0.0.0.0" || settings.host === "" ? "127.0.0.1" : settings.host === "::" ? "::1" : settings.host;
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${settings.port}`;
    const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) })
        .then((response) => (response.ok ? response.json() as Promise<{ version?: unknown; model?: unknown }> : undefined), () => undefined);
    if (typeof health?.model !== "string" || typeof health.version !== "string" || !health.version.startsWith("local-swarm")) return undefined;
    const wanted = modelId(settings);
    return wanted == null || wanted === health.model ? { url, model: health.model } : undefined;
}

/** The id a server gives the model the settings name; undefined when they name none. */
function modelId(settings: Pick<Settings, "model" | "catalog" | "hfEndpoint">): string | undefined {
    if (settings.model == null) return undefined;
    const file = isLocalModelRef(settings.model)
        ? settings.model
        : resolveModelRef(settings.model, { catalog: loadCatalog(settings.catalog), hfEndpoint: settings.hfEndpoint }).relativePath;
    return modelIdOf(file);
}
