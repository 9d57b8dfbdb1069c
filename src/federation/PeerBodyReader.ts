import { InvalidRequestError, OverloadedError, PayloadTooLargeError } from "../errors.ts";
import { readBoundedBytes } from "../net/index.ts";

export interface PeerBodyLimits {
    /** Largest single body (bytes). */
    readonly maxBytes: number;
    /** Bytes all bodies being read at once may declare together; past it a request gets 429. */
    readonly budgetBytes: number;
    /** A body that has not fully arrived this long after its headers is dropped. */
    readonly timeoutMs: number;
}

/**
 * Reads the bodies of peer requests whose signed headers already checked out, so an unsigned
 * request never gets a byte read. Even so a body must declare its length (no chunked uploads),
 * the bodies in flight share one byte budget, and a slow body is cut off at its deadline:
 * a stalled connection holds at most its declared bytes, and only for `timeoutMs`.
 */
export class PeerBodyReader {
    readonly #limits: PeerBodyLimits;
    #reserved = 0;

    constructor(limits: PeerBodyLimits) {
        this.#limits = limits;
    }

    async read(request: Request): Promise<Uint8Array> {
        if (request.body == null) return new Uint8Array(0);
        const header = request.headers.get("content-length");
        if (header == null || !/^[0-9]{1,16}$/.test(header))
            throw new InvalidRequestError("a federation request body must declare its Content-Length", { code: "length_required" });
        const declared = Number(header);
        const { maxBytes, budgetBytes, timeoutMs } = this.#limits;
        if (declared > maxBytes) throw new PayloadTooLargeError(`body of ${declared} bytes is over the ${maxBytes}-byte limit`);
        if (this.#reserved + declared > budgetBytes)
            throw new OverloadedError(`this node is reading ${this.#reserved} bytes of peer bodies already; try again shortly`, 1);
        this.#reserved += declared;
        const deadline = new AbortController();
        const timer = setTimeout(
            () => deadline.abort(new InvalidRequestError(`the federation request body did not arrive within ${timeoutMs / 1000} s`, { code: "body_timeout" })),
            timeoutMs
        );
        try {
            return await readBoundedBytes(request.body, declared, () => new PayloadTooLargeError(`body is over its declared ${declared} bytes`), deadline.signal);
        } finally {
            clearTimeout(timer);
            this.#reserved -= declared;
        }
    }
}
