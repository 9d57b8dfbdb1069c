import type { Settings, UserPaths } from "../config/index.ts";
import { detectHardware, memoryBudget } from "../hardware/index.ts";
import { loadCatalog, ModelLibrary } from "../models/index.ts";
import { downloadOptions } from "./downloadOptions.ts";

/** The models folder as the settings describe it (catalog, Hugging Face endpoint and token, stall timeout); `served` is never deleted. */
export function modelLibrary(settings: Settings, paths: UserPaths, served?: { readonly name: string; readonly path: string }): ModelLibrary {
    const { hfEndpoint, hfToken, stallTimeoutMs, modelsDir } = downloadOptions(settings, paths);
    return new ModelLibrary({
        catalog: loadCatalog(settings.catalog),
        modelsDir,
        hfEndpoint,
        ...(hfToken != null ? { hfToken } : {}),
        stallTimeoutMs,
        contextSize: settings.contextSize,
        budget: async () => memoryBudget(await detectHardware()),
        ...(served != null ? { served } : {})
    });
}
