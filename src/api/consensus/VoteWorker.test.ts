import { describe, expect, test } from "bun:test";
import { mulberry32, type VoteRequest } from "../../consensus/index.ts";
import { DeadlineError, InvalidRequestError, OverloadedError, ShuttingDownError } from "../../errors.ts";
import { VoteWorker } from "./VoteWorker.ts";

/** 256 candidates of about 15 KB of unrelated words: seconds of similarity work. */
function heavy(): VoteRequest {
    const candidates = Array.from({ length: 256 }, (_, index) => {
        const next = mulberry32(index + 1);
        return { text: Array.from({ length: 2500 }, () => `w${Math.floor(next() * 5000)}`).join(" ") };
    });
    return { id: "heavy", candidates, strategy: "similarity" };
}

const light: VoteRequest = { id: 7, candidates: [{ text: "The answer is 12." }, { text: "\\boxed{12}" }, { text: "11" }] };

describe("VoteWorker", () => {
    test("decides on its thread, and the event loop keeps turning meanwhile", async () => {
        const decisions = new VoteWorker();
        try {
            let ticks = 0;
            const ticker = setInterval(() => ticks++, 10);
            const decision = await decisions.vote(heavy(), {});
            clearInterval(ticker);
            expect(decision).toMatchObject({ id: "heavy", strategy: "similarity", used: 256 });
            expect(ticks).toBeGreaterThan(2);
            expect(await decisions.vote(light, { strategy: "auto" })).toMatchObject({ id: 7, strategy: "answer", answer: "12" });
        } finally {
            await decisions.dispose();
        }
    }, 60_000);

    test("the vote's own refusals come back as the same 400s", async () => {
        const decisions = new VoteWorker();
        try {
            const error = await decisions.vote({ id: null, candidates: [] }, {}).catch((caught: unknown) => caught);
            expect(error).toBeInstanceOf(InvalidRequestError);
            expect(error).toMatchObject({ code: "no_candidates", param: "candidates" });
        } finally {
            await decisions.dispose();
        }
    });

    test("a decision past the time limit is stopped, and the next one runs on a fresh thread", async () => {
        const decisions = new VoteWorker({ timeoutMs: 300 });
        try {
            const error = await decisions.vote(heavy(), {}).catch((caught: unknown) => caught);
            expect(error).toBeInstanceOf(DeadlineError);
            expect((error as DeadlineError).code).toBe("consensus_timeout");
            expect(await decisions.vote(light, {})).toMatchObject({ id: 7 });
        } finally {
            await decisions.dispose();
        }
    }, 60_000);

    test("past the waiting limit a decision gets 429; dispose refuses what is left", async () => {
        const decisions = new VoteWorker({ maxWaiting: 1 });
        const running = decisions.vote(heavy(), {}).catch((caught: unknown) => caught);
        const waiting = decisions.vote(light, {}).catch((caught: unknown) => caught);
        await expect(decisions.vote(light, {})).rejects.toBeInstanceOf(OverloadedError);
        await decisions.dispose();
        expect(await running).toBeInstanceOf(ShuttingDownError);
        expect(await waiting).toBeInstanceOf(ShuttingDownError);
        await expect(decisions.vote(light, {})).rejects.toBeInstanceOf(ShuttingDownError);
    });
});
