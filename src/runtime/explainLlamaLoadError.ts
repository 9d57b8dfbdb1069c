import { NoBinaryFoundError } from "node-llama-cpp";
import { RuntimeError } from "../errors.ts";
import { buildInfo } from "./buildInfo.ts";

/**
 * Turns node-llama-cpp's "no binary found" into advice a user can act on. On Android no prebuilt
 * addon exists: it is built once on the phone (`local-swarm runtime --addon-script`). Other errors
 * pass through unchanged.
 */
export function explainLlamaLoadError(error: unknown): unknown {
    if (!(error instanceof NoBinaryFoundError)) return error;
    if (buildInfo?.target.startsWith("android-") === true)
        return new RuntimeError("the llama.cpp addon for Android is not built yet: run " +
            "`local-swarm runtime --addon-script > build-addon.sh && sh build-addon.sh \"$(command -v local-swarm)\"` in Termux (once, 10-30 minutes)",
            { cause: error });
    return new RuntimeError(`no llama.cpp addon loads on this machine (${process.platform}-${process.arch}): ${error.message}`, { cause: error });
}
