import type { Settings, UserPaths } from "../config/index.ts";
import { modelsDir } from "../models/index.ts";

/** Where model references resolve and download from, as `chooseServedModel` takes it: the same for every model the server loads. */
export function downloadOptions(settings: Settings, paths: UserPaths) {
    const token = settings.hfToken ?? process.env.HF_TOKEN;
    return {
        ...(settings.catalog != null ? { catalogFile: settings.catalog } : {}),
        hfEndpoint: settings.hfEndpoint,
        ...(token != null && token !== "" ? { hfToken: token } : {}),
        stallTimeoutMs: settings.downloadTimeout * 1000,
        modelsDir: modelsDir(paths)
    };
}
