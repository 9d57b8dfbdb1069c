import fs from "node:fs";
import path from "node:path";

/**
 * Finds the folder of `@node-llama-cpp/<name>` at `version`: the installed copy when it matches
 * (the host's own platform), else a copy fetched once from the npm registry with `npm pack` into
 * `<cacheDir>/prebuilt/` (npm checks the tarball's integrity).
 */
export async function prebuiltPackageDir(name: string, version: string, projectRoot: string, cacheDir: string): Promise<string> {
    const installed = path.join(projectRoot, "node_modules", "@node-llama-cpp", name);
    if (readVersion(installed) === version) return installed;

    const folder = path.join(cacheDir, "prebuilt", `${name}-${version}`);
    if (readVersion(folder) === version) return folder;
    const temp = `${folder}.partial-${process.pid}`;
    fs.rmSync(temp, { recursive: true, force: true });
    fs.mkdirSync(temp, { recursive: true });
    try {
        const spec = `@node-llama-cpp/${name}@${version}`;
        process.stderr.write(`fetching ${spec} from the npm registry\n`);
        const tarball = run(["npm", "pack", spec, "--silent", "--pack-destination", temp], projectRoot).trim().split("\n").at(-1)!;
        run(["tar", "-xzf", path.join(temp, tarball), "-C", temp, "--strip-components=1"], projectRoot);
        fs.rmSync(path.join(temp, tarball));
        if (readVersion(temp) !== version) throw new Error(`${spec} unpacked without a matching package.json`);
        fs.rmSync(folder, { recursive: true, force: true });
        fs.renameSync(temp, folder);
    } catch (error) {
        fs.rmSync(temp, { recursive: true, force: true });
        throw error;
    }
    return folder;
}

function readVersion(folder: string): string | undefined {
    try {
        return (JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

function run(command: string[], cwd: string): string {
    const result = Bun.spawnSync(command, { cwd, stdout: "pipe", stderr: "pipe" });
    if (result.exitCode !== 0)
        throw new Error(`${command.join(" ")} failed (exit ${result.exitCode}): ${result.stderr.toString().trim()}`);
    return result.stdout.toString();
}
