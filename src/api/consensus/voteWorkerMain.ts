/**
 * The worker thread behind `VoteWorker`: runs `vote` on each message and posts the decision back,
 * or the error as plain data (a class does not cross threads). Also an entry point of the compiled
 * binary (see scripts/build/buildBinary.ts).
 */
import { vote } from "../../consensus/index.ts";
import { SwarmError } from "../../errors.ts";
import type { VoteJob, VoteJobResult } from "./VoteWorker.ts";

declare const self: Worker;

self.onmessage = async (event: MessageEvent<VoteJob>) => {
    const { id, request, defaults } = event.data;
    let result: VoteJobResult;
    try {
        result = { id, decision: await vote(request, defaults) };
    } catch (error) {
        const known = error instanceof SwarmError && error.status === 400;
        result = { id, error: { message: (error as Error).message, invalid: known, ...(known ? { code: error.code, param: error.param ?? null } : {}) } };
    }
    self.postMessage(result);
};
