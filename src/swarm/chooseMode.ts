import { InvalidRequestError } from "../errors.ts";
import type { GenerationMode, SwarmRequest } from "./types.ts";

export type RequestedMode = GenerationMode | "auto";
export const modeNames: readonly RequestedMode[] = ["auto", "single", "segments", "whole"];

/** Strategies that judge whole answers (a final answer, a JSON value, a judge's reading, code that runs): they cannot vote sentence by sentence. */
const wholeAnswerStrategies: ReadonlySet<string> = new Set(["answer", "json", "judge", "execution"]);

export interface ModeQuestion {
    readonly request: SwarmRequest;
    /** Choices the client wants (`n`). */
    readonly n: number;
    readonly stream: boolean;
    readonly workers: number;
    /** The request's own choice (`swarm.mode`); absent: auto. */
    readonly requested?: RequestedMode;
    /** The server's `stream-mode` setting: the choice for streams that ask for none. */
    readonly streamSetting: RequestedMode;
}

/**
 * How a request is answered:
 * 1. one worker → `single` (there is nothing to vote on);
 * 2. the request's `swarm.mode`, when it names one (refused where it cannot work);
 * 3. not streamed → `whole`;
 * 4. the `stream-mode` setting, when it names one and the request allows it;
 * 5. a request that needs whole answers — tools, `response_format`, `n` > 1, or the answer, json,
 *    judge or execution strategy → `whole`;
 * 6. otherwise → `segments`: open text streams as it is voted, sentence by sentence.
 */
export function chooseMode(question: ModeQuestion): GenerationMode {
    const { request, n, stream, workers, requested } = question;
    if (workers === 1) return "single";
    const needsWhole = wholeAnswerReason(request, n);
    if (requested != null && requested !== "auto") {
        if (requested === "segments" && needsWhole != null)
            throw new InvalidRequestError(`swarm.mode "segments" cannot be used with ${needsWhole}: those are voted on as whole answers`, { param: "swarm.mode" });
        if (requested === "single" && n > 1)
            throw new InvalidRequestError(`swarm.mode "single" gives one answer, but n is ${n}`, { param: "swarm.mode" });
        return requested;
    }
    if (!stream) return "whole";
    const setting = question.streamSetting;
    if (setting === "single" && n === 1) return "single";
    if (setting === "whole" || needsWhole != null) return "whole";
    return "segments";
}

/** Why a request must be voted on as whole answers, or undefined when segments can do. */
function wholeAnswerReason(request: SwarmRequest, n: number): string | undefined {
    if (request.params.tools != null) return "tools";
    if (request.params.format != null) return "response_format";
    if (n > 1) return "n > 1";
    if (request.strategy != null && wholeAnswerStrategies.has(request.strategy)) return `the ${request.strategy} strategy`;
    return undefined;
}
