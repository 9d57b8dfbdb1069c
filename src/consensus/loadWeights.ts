import fs from "node:fs";
import { ConfigError } from "../errors.ts";
import type { ModelWeights } from "./types.ts";

/** Reads a weights file: a JSON object of model name → non-negative number (as `fit-weights` writes). */
export function loadWeights(file: string): ModelWeights {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new ConfigError(`cannot read weights file ${file}: ${(error as Error).message}`, { cause: error });
    }
    const weights = parsed != null && typeof parsed === "object" && !Array.isArray(parsed) && "weights" in parsed ? (parsed as { weights: unknown }).weights : parsed;
    if (weights == null || typeof weights !== "object" || Array.isArray(weights))
        throw new ConfigError(`weights file ${file} must hold a JSON object of model name to weight`);
    for (const [model, weight] of Object.entries(weights))
        if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0)
            throw new ConfigError(`weights file ${file}: the weight of "${model}" must be a non-negative number`);
    return weights as ModelWeights;
}
