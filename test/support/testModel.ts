import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The project's real test model, stories260K.gguf (1.2 MB, llama architecture, no chat template).
 * Never committed. Resolved, in order, from:
 *   1. `$LOCAL_SWARM_TEST_MODEL`
 *   2. `../shared/models/stories260K.gguf` beside the project
 *   3. a cached download of its public copy, verified by sha256
 * and if none is there the test run fails loudly.
 */
const fileName = "stories260K.gguf";
const sha256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
const publicCopy = "https://huggingface.co/ggml-org/tiny-llamas/resolve/main/stories260K.gguf";
const projectRoot = path.resolve(import.meta.dir, "..", "..");

let resolved: Promise<string> | undefined;

export function testModelPath(): Promise<string> {
    resolved ??= resolveTestModel();
    return resolved;
}

async function resolveTestModel(): Promise<string> {
    const tried: string[] = [];
    const fromEnv = process.env.LOCAL_SWARM_TEST_MODEL;
    if (fromEnv != null && fromEnv !== "") {
        if (!(await matches(fromEnv))) throw new Error(`LOCAL_SWARM_TEST_MODEL=${fromEnv} is missing or fails its sha256 check`);
        return fromEnv;
    }
    const shared = path.join(projectRoot, "..", "shared", "models", fileName);
    tried.push(shared);
    if (await matches(shared)) return shared;

    const cached = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "local-swarm-test", fileName);
    tried.push(cached);
    if (await matches(cached)) return cached;
    try {
        const response = await fetch(publicCopy, { signal: AbortSignal.timeout(30_000) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const bytes = new Uint8Array(await response.arrayBuffer());
        const digest = crypto.createHash("sha256").update(bytes).digest("hex");
        if (digest !== sha256) throw new Error(`downloaded file has sha256 ${digest}, expected ${sha256}`);
        fs.mkdirSync(path.dirname(cached), { recursive: true });
        const temp = `${cached}.${process.pid}.partial`;
        fs.writeFileSync(temp, bytes);
        fs.renameSync(temp, cached);
        return cached;
    } catch (error) {
        tried.push(`${publicCopy} (${(error as Error).message})`);
    }
    throw new Error(
        `The test model ${fileName} is not available. Tried:\n  ${tried.join("\n  ")}\n` +
        "Set LOCAL_SWARM_TEST_MODEL to a copy of it (sha256 " + sha256 + ")."
    );
}

async function matches(file: string): Promise<boolean> {
    try {
        const digest = crypto.createHash("sha256").update(await fs.promises.readFile(file)).digest("hex");
        return digest === sha256;
    } catch {
        return false;
    }
}
