import { afterAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { VoteWorker } from "./VoteWorker.ts";
import { SwarmError } from "../../errors.ts";
import { consensusRoutes } from "./routes.ts";

const decisions = new VoteWorker();
afterAll(() => decisions.dispose());

/** The routes inside an app whose error mapper has the shape the API uses (OpenAI error objects). */
const app = new Elysia()
    .onError(({ error, set }) => {
        if (!(error instanceof SwarmError)) return;
        set.status = error.status;
        return { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } };
    })
    .use(consensusRoutes(() => ({ strategy: "auto", abstainBelow: 0.5 }), decisions));

const post = (body: unknown) =>
    app.handle(new Request("http://localhost/v1/consensus", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));

describe("POST /v1/consensus", () => {
    test("returns the decision", async () => {
        const response = await post({ id: "x", candidates: [{ text: "So the answer is 12." }, { text: "\\boxed{12}" }, { text: "11" }] });
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ id: "x", strategy: "answer", answer: "12", used: 3, abstain: true });
    });

    test("a bad request is a 400 naming the field", async () => {
        const response = await post({ candidates: [{ text: 3 }] });
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({
            error: { message: "candidates[0].text must be a string", type: "invalid_request_error", param: "candidates[0].text", code: "invalid_consensus_request" }
        });
    });
});
