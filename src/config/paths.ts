import os from "node:os";
import path from "node:path";

/**
 * Where local-swarm keeps user data, never beside the binary:
 * - data (models, node id, workspace): `$LOCAL_SWARM_DATA_DIR`, else the platform's data dir
 * - cache (extracted runtime, downloads in progress): `$LOCAL_SWARM_CACHE_DIR`, else the platform's cache dir
 * - config file: `$LOCAL_SWARM_CONFIG`, else `<config dir>/local-swarm/config.json`
 */
export interface UserPaths {
    readonly dataDir: string;
    readonly cacheDir: string;
    readonly configFile: string;
}

export function userPaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): UserPaths {
    const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
    const app = "local-swarm";
    let data: string;
    let cache: string;
    let config: string;
    if (platform === "darwin") {
        data = path.join(home, "Library", "Application Support", app);
        cache = path.join(home, "Library", "Caches", app);
        config = data;
    } else if (platform === "win32") {
        const roaming = env.APPDATA ?? path.join(home, "AppData", "Roaming");
        const local = env.LOCALAPPDATA ?? path.join(home, "AppData", "Local");
        data = path.join(roaming, app);
        cache = path.join(local, app, "cache");
        config = data;
    } else {
        data = path.join(env.XDG_DATA_HOME ?? path.join(home, ".local", "share"), app);
        cache = path.join(env.XDG_CACHE_HOME ?? path.join(home, ".cache"), app);
        config = path.join(env.XDG_CONFIG_HOME ?? path.join(home, ".config"), app);
    }
    return {
        dataDir: env.LOCAL_SWARM_DATA_DIR ?? data,
        cacheDir: env.LOCAL_SWARM_CACHE_DIR ?? cache,
        configFile: env.LOCAL_SWARM_CONFIG ?? path.join(config, "config.json")
    };
}
