import fs from "node:fs";
import path from "node:path";
import type { Logger } from "../log.ts";
import { nodeKey } from "./globalVote.ts";
import type { NodeVote } from "./protocol.ts";
import { explainTrust, newTrust, recordAgreement, trustEstimate, trustWeight, type TrustRecord } from "./trustRecord.ts";

/** The file in the data dir; deleting it (server stopped) resets every node's trust. */
export const trustFileName = "trust.json";

/** A node's learned trust as `/v1/swarm/peers`, `local-swarm peers` and the dashboard show it. */
export interface TrustView {
    /** The estimate that its answers are right, 0..1. */
    readonly reputation: number;
    /** Decided votes it agreed with, and all its decided votes (lifetime). */
    readonly agreements: number;
    readonly votes: number;
    /** Its per-worker vote weight (1 = a newcomer's). */
    readonly weight: number;
    readonly reason: string;
}

interface StoredTrust {
    readonly version: 1;
    readonly nodes: Readonly<Record<string, TrustRecord>>;
}

/**
 * Every node's learned trust, per model and node (`nodeKey`), this node's own included, kept in
 * `<dataDir>/trust.json` across restarts (written whole to a temporary file, then renamed).
 * Invariant: only `record` changes the records, once per global vote.
 */
export class TrustBook {
    readonly #file: string;
    readonly #logger: Logger;
    readonly #records = new Map<string, TrustRecord>();

    private constructor(file: string, logger: Logger) {
        this.#file = file;
        this.#logger = logger;
    }

    /** Reads the book; a missing file is an empty book, a damaged one is set aside with a warning. */
    static load(dataDir: string, logger: Logger): TrustBook {
        const book = new TrustBook(path.join(dataDir, trustFileName), logger);
        let text: string;
        try {
            text = fs.readFileSync(book.#file, "utf8");
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT") logger.warn(`cannot read ${book.#file} (${(error as Error).message}); every node starts with neutral trust`);
            return book;
        }
        try {
            const stored = JSON.parse(text) as Partial<StoredTrust>;
            if (stored.version !== 1 || typeof stored.nodes !== "object" || stored.nodes == null) throw new Error("not a version 1 trust file");
            for (const [key, record] of Object.entries(stored.nodes)) if (isRecord(record)) book.#records.set(key, record);
        } catch (error) {
            logger.warn(`${book.#file} is damaged (${(error as Error).message}); every node starts with neutral trust`);
        }
        return book;
    }

    /** The learned weight of each node in a vote, by `nodeKey`. */
    weights(votes: readonly Pick<NodeVote, "model" | "node">[]): Map<string, number> {
        return new Map(votes.map((vote) => [nodeKey(vote), trustWeight(this.#record(nodeKey(vote)))]));
    }

    view(model: string, node: string): TrustView {
        const record = this.#record(nodeKey({ model, node }));
        return {
            reputation: Math.round(trustEstimate(record) * 1000) / 1000,
            agreements: record.agreements,
            votes: record.votes,
            weight: Math.round(trustWeight(record) * 100) / 100,
            reason: explainTrust(`node ${node}`, record)
        };
    }

    /** One global vote's lesson: `agreements[i]` says whether `votes[i]` agreed with the others (null: they did not decide). */
    record(votes: readonly Pick<NodeVote, "model" | "node">[], agreements: readonly (boolean | null)[]): void {
        let changed = false;
        votes.forEach((vote, index) => {
            const agreed = agreements[index];
            if (agreed == null) return;
            const key = nodeKey(vote);
            this.#records.set(key, recordAgreement(this.#record(key), agreed));
            changed = true;
        });
        if (changed) this.#store();
    }

    #record(key: string): TrustRecord {
        return this.#records.get(key) ?? newTrust;
    }

    #store(): void {
        const stored: StoredTrust = { version: 1, nodes: Object.fromEntries(this.#records) };
        const temp = `${this.#file}.${process.pid}.tmp`;
        try {
            fs.mkdirSync(path.dirname(this.#file), { recursive: true });
            fs.writeFileSync(temp, JSON.stringify(stored, null, 1) + "\n", { mode: 0o600 });
            fs.renameSync(temp, this.#file);
        } catch (error) {
            fs.rmSync(temp, { force: true });
            this.#logger.warn(`cannot store the learned trust in ${this.#file}: ${(error as Error).message}`);
        }
    }
}

function isRecord(value: unknown): value is TrustRecord {
    if (typeof value !== "object" || value == null) return false;
    const record = value as Record<string, unknown>;
    const count = (field: string) => typeof record[field] === "number" && Number.isFinite(record[field]) && (record[field] as number) >= 0;
    return count("agreed") && count("decided") && count("agreements") && count("votes") &&
        (record.agreed as number) <= (record.decided as number) && (record.updated === null || typeof record.updated === "string");
}
