import type { GpuBackendChoice } from "../hardware/index.ts";
import { buildInfo } from "./buildInfo.ts";

/**
 * A compiled binary carries one llama.cpp backend. For the `auto` setting, the probed choice
 * stands only if the binary has it; otherwise the binary's own backend is used and the reason
 * names the build that would be faster here. From source every installed backend is available.
 */
export function embeddedBackend(probed: GpuBackendChoice): GpuBackendChoice {
    if (buildInfo == null) return probed;
    const carried = buildInfo.variant === "cpu" ? false : buildInfo.variant;
    if (probed.gpu === carried) return probed;
    const better = probed.gpu === false ? "" : `; ${probed.reason}: the local-swarm-${buildInfo.target}-${probed.gpu} build would use it`;
    return { gpu: carried, reason: `the backend this binary carries${better}` };
}
