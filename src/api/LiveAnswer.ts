import type { GenerationMode, SwarmEvent, SwarmResult } from "../swarm/index.ts";

/**
 * The answer as the swarm makes it, for a stream that sends it while it is made (every streamed
 * route: OpenAI's chat and completions, Ollama's chat and generate): in `single` mode the worker's
 * text as it is generated, in `segments` mode each segment as soon as it is voted. In `whole` mode
 * nothing is final before the vote, so nothing is live.
 */
export class LiveAnswer {
    #mode: GenerationMode | undefined;
    #sent = "";

    get mode(): GenerationMode | undefined {
        return this.#mode;
    }

    /** Reads one of the request's events; returns the text it adds to the answer, if any. */
    read(event: SwarmEvent): string | undefined {
        if (event.type === "started") this.#mode = event.mode;
        else if (event.type === "segment" && event.segment.text !== "") return this.#add(event.segment.text);
        else if (event.type === "text" && event.text !== "" && this.#mode === "single") return this.#add(event.text);
        return undefined;
    }

    /**
     * Once the request is answered: what the stream still owes of the winner's answer ("" when it
     * went out whole), or undefined in `whole` mode, where the stream sends the voted answer itself.
     */
    rest(result: SwarmResult): string | undefined {
        if (result.mode !== "single" && result.mode !== "segments") return undefined;
        const text = result.candidates[result.decision.winner]!.text;
        return text.startsWith(this.#sent) ? text.slice(this.#sent.length) : "";
    }

    #add(text: string): string {
        this.#sent += text;
        return text;
    }
}
