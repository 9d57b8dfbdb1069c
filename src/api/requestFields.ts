import { strategyNames, type RequestedStrategy } from "../consensus/index.ts";
import { InvalidRequestError } from "../errors.ts";
import { chooseMode, modeNames, type GenerationMode, type RequestedMode, type SwarmRequest } from "../swarm/index.ts";

/** `n` checked against the workers: each choice is a distinct candidate, one per worker at most. */
export function choiceCount(n: number | null | undefined, workers: number): number {
    const count = n ?? 1;
    if (count > workers)
        throw new InvalidRequestError(`n is ${count} but this swarm has ${workers} workers`, { param: "n" });
    return count;
}

/** The `strategy` extension field, checked against the consensus engine's strategies. */
export function requestedStrategy(name: string | undefined): RequestedStrategy | undefined {
    if (name == null) return undefined;
    if (!(strategyNames as readonly string[]).includes(name))
        throw new InvalidRequestError(`strategy must be one of ${strategyNames.join(", ")}`, { param: "strategy" });
    return name as RequestedStrategy;
}

export interface ModeLimits {
    readonly workers: number;
    /** The `stream-mode` setting. */
    readonly streamMode: RequestedMode;
}

/** How a request is answered (`chooseMode`'s rule), with the `swarm.mode` extension field checked. */
export function requestMode(request: SwarmRequest, ask: { readonly n: number; readonly stream: boolean; readonly requested?: string | null }, limits: ModeLimits): GenerationMode {
    const requested = ask.requested ?? undefined;
    if (requested != null && !(modeNames as readonly string[]).includes(requested))
        throw new InvalidRequestError(`swarm.mode must be one of ${modeNames.join(", ")}`, { param: "swarm.mode" });
    return chooseMode({ request, n: ask.n, stream: ask.stream, workers: limits.workers, streamSetting: limits.streamMode, ...(requested == null ? {} : { requested: requested as RequestedMode }) });
}

/** OpenAI's `stop`: one string or a list. */
export function stopList(stop: string | readonly string[] | null | undefined): readonly string[] | undefined {
    return stop == null ? undefined : typeof stop === "string" ? [stop] : stop;
}

/** A field this server does not honour: refused with a 400, never silently ignored (a client that sends it relies on it). */
export function unsupportedParameter(param: string, why: string): InvalidRequestError {
    return new InvalidRequestError(`${param} is not supported: ${why}`, { param, code: "unsupported_parameter" });
}

/** Why no route returns log probabilities. */
export const logprobsWhy = "the answer is chosen by a vote over several workers' texts, not sampled with per-token probabilities";

/** The `swarm` extension's tests and language for the `execution` strategy, as swarm request fields. */
export function executionFields(swarm: { readonly tests?: readonly string[]; readonly language?: string } | null | undefined): { tests?: readonly string[]; language?: string } {
    return { ...(swarm?.tests == null ? {} : { tests: swarm.tests }), ...(swarm?.language == null ? {} : { language: swarm.language }) };
}
