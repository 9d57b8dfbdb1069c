import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Temporary folders a test file makes (`local-swarm-<name>-*` under the OS temp folder) and removes together. */
export class TempFolders {
    readonly #prefix: string;
    readonly #made: string[] = [];

    constructor(name: string) {
        this.#prefix = path.join(os.tmpdir(), `local-swarm-${name}-`);
    }

    make(): string {
        const dir = fs.mkdtempSync(this.#prefix);
        this.#made.push(dir);
        return dir;
    }

    dispose(): void {
        for (const dir of this.#made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    }
}
