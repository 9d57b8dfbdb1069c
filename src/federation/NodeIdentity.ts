import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import { nodeIdPattern } from "./protocol.ts";

const idFileName = "node-id";

function randomId(): string {
    return crypto.randomBytes(8).toString("hex");
}

/**
 * Who this node is in the swarm. The id is generated once and kept in the data dir, so a node keeps
 * it across restarts; `boot` is new on every start. A data dir copied to another machine clones the
 * id: the first peer to notice (same id, other boot) makes one of the two regenerate (`resolveClash`).
 */
export class NodeIdentity {
    #id: string;
    readonly boot: string;
    readonly #file: string;

    private constructor(file: string, id: string) {
        this.#file = file;
        this.#id = id;
        this.boot = randomId();
    }

    get id(): string {
        return this.#id;
    }

    /** Reads the id from `<dataDir>/node-id`, creating it on first run (or if the file is damaged). */
    static load(dataDir: string): NodeIdentity {
        const file = path.join(dataDir, idFileName);
        let id: string | undefined;
        try {
            const stored = fs.readFileSync(file, "utf8").trim();
            if (nodeIdPattern.test(stored)) id = stored;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT")
                throw new ConfigError(`cannot read the node id ${file}: ${(error as Error).message}`, { cause: error });
        }
        const identity = new NodeIdentity(file, id ?? randomId());
        if (id == null) identity.#store();
        return identity;
    }

    /**
     * Another process announced our id. Exactly one side regenerates: the one whose boot token is
     * greater (both sides see both tokens, so they agree without talking). Returns true when it was us.
     */
    resolveClash(otherBoot: string): boolean {
        if (otherBoot === this.boot || this.boot < otherBoot) return false;
        this.#id = randomId();
        this.#store();
        return true;
    }

    #store(): void {
        try {
            fs.mkdirSync(path.dirname(this.#file), { recursive: true });
            const temp = `${this.#file}.${process.pid}.tmp`;
            fs.writeFileSync(temp, this.#id + "\n", { mode: 0o600 });
            fs.renameSync(temp, this.#file);
        } catch (error) {
            throw new ConfigError(`cannot store the node id in ${this.#file}: ${(error as Error).message}`, { cause: error });
        }
    }
}
