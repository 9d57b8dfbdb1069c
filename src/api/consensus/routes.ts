import { Elysia } from "elysia";
import { parseVoteRequest, type VoteDefaults } from "../../consensus/index.ts";
import { defaultMaxRequestBytes, readJsonBody } from "../readJsonBody.ts";
import type { VoteWorker } from "./VoteWorker.ts";

/**
 * `POST /v1/consensus`: the `vote` decision over HTTP, so answers from anywhere can be ranked.
 * Body: `{"id"?, "candidates": [{"text", "model"?, ...}], "prompt"?, "strategy"?, "judge_reply"?}`.
 * Validation errors are InvalidRequestError (400) for the app's one error mapper. The decision
 * runs on `decisions`' worker thread, so however much a request asks, the server stays responsive.
 * `defaults` is read per request, so a reloaded config applies at once.
 */
export function consensusRoutes(defaults: () => VoteDefaults, decisions: VoteWorker, maxRequestBytes = defaultMaxRequestBytes) {
    return new Elysia({ name: "consensus-routes" })
        .onParse(({ request }) => readJsonBody(request, maxRequestBytes))
        .post("/v1/consensus", ({ body }) => decisions.vote(parseVoteRequest(body), defaults()), {
            detail: {
                summary: "Pick the best of several answers",
                description: "Runs the consensus engine on candidates you provide: strategy, winner, voted answer, confidence, abstain, scores.",
                tags: ["consensus"]
            }
        });
}
