import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { LlamaContextSequence } from "node-llama-cpp";
import { processAlive } from "../processAlive.ts";

const prefix = "local-swarm-state-";

/**
 * The private folder through which one sequence's evaluated state is copied into others:
 * node-llama-cpp can move a sequence's state only through a file. Each copy's file lives only
 * for the copy and is removed whatever happens; the folder (mode 0700, named for this process) is
 * removed on dispose, and folders left by processes that no longer run are swept at creation.
 */
export class PromptStateFolder {
    readonly #folder: string;

    private constructor(folder: string) {
        this.#folder = folder;
    }

    /** `sweepStale`: only where the folder belongs to this user alone (the user's cache), never a shared temp folder. */
    static create(root: string, { sweepStale }: { readonly sweepStale: boolean }): PromptStateFolder {
        fs.mkdirSync(root, { recursive: true, mode: 0o700 });
        if (sweepStale) for (const entry of fs.readdirSync(root)) {
            const pid = Number(/^local-swarm-state-(\d+)-/.exec(entry)?.[1]);
            if (Number.isInteger(pid) && !processAlive(pid)) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
        }
        return new PromptStateFolder(fs.mkdtempSync(path.join(root, `${prefix}${process.pid}-`)));
    }

    /** Gives every taker the source's state (its tokens included). Rejects with the signal's reason when aborted. */
    async copy(source: LlamaContextSequence, takers: readonly LlamaContextSequence[], signal: AbortSignal): Promise<void> {
        const file = path.join(this.#folder, `${crypto.randomUUID()}.state`);
        try {
            await source.saveStateToFile(file);
            for (const taker of takers) {
                if (signal.aborted) throw signal.reason;
                await taker.loadStateFromFile(file, { acceptRisk: true });
            }
        } finally {
            fs.rmSync(file, { force: true });
        }
    }

    dispose(): void {
        fs.rmSync(this.#folder, { recursive: true, force: true });
    }
}
