import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { EngineError } from "../errors.ts";

/**
 * Tokens of the answer before a token that the detokenizer looks at to decide its leading space:
 * as LlamaChat does (the answer's own tokens, three at most), so a continued answer reads exactly
 * as one LlamaChat writes in one go, first token included.
 */
const detokenizerTrail = 3;
/** As LlamaChat does by default: the last 64 tokens of the answer (newlines aside) are penalised for repeating. */
const repeatPenaltyTokens = 64;
/** A character takes at most four UTF-8 bytes: no more byte tokens than that wait for the rest of one. */
const maxPartialTokens = 4;

export interface ContinueOptions {
    readonly maxTokens: number;
    readonly temperature: number;
    readonly topP?: number;
    readonly seed: number;
    readonly signal: AbortSignal;
    /** Strings that end the answer; the text stops before the first one written. */
    readonly stops: readonly string[];
    /**
     * Strings that end this continuation but not the answer; the text keeps the one hit and the rest
     * of its token (and, where the text then ends in what may begin a stop string, the tokens up to
     * where it no longer does).
     */
    readonly boundaries: readonly string[];
    /** Tokens that end the model's turn besides end-of-generation tokens (the chat format's own). */
    readonly endTokens: ReadonlySet<Token>;
    readonly onText?: (text: string) => void;
    /** Called for every generated token. */
    readonly onProgress?: () => void;
}

export interface Continuation {
    /** Every token generated, the last included, except a token that ended the turn. */
    readonly tokens: Token[];
    readonly text: string;
    /** `end`: the model ended its turn; `stop`: a stop string; `boundary`: a boundary string; `length`: `maxTokens`. */
    readonly ending: "end" | "stop" | "boundary" | "length";
    readonly boundary?: string;
}

/**
 * Continues an answer from exactly the tokens given: `prompt` (the chat formatted for the reply)
 * then `answer` (the reply's tokens so far, as they were generated, not a re-tokenisation of their
 * text). LlamaChat takes a reply only as text and tokenises it again, which need not give back the
 * tokens that wrote it; a sequence holding those tokens would then evaluate the reply again. Here
 * the sequence keeps whatever it already holds of the input and evaluates only the rest; the last
 * generated token is sampled but not evaluated, so a continuation of this one (or a copy of this
 * sequence) starts where it stopped.
 */
export async function continueTokens(sequence: LlamaContextSequence, prompt: readonly Token[], answer: readonly Token[], options: ContinueOptions): Promise<Continuation> {
    const { model } = sequence;
    const { signal, stops, boundaries } = options;
    const input = [...prompt, ...answer];
    if (signal.aborted) throw signal.reason;
    await sequence.adaptStateToTokens(input.slice(0, -1), false);
    const generated: Token[] = [];
    const partial: Token[] = [];
    let text = "";
    let shown = 0;
    let boundary: string | undefined;
    const { nl } = model.tokens;
    const ended = (ending: Continuation["ending"], hit?: string): Continuation => {
        options.onText?.(text.slice(shown));
        return { tokens: generated, text, ending, ...(hit == null ? {} : { boundary: hit }) };
    };
    if (options.maxTokens <= 0) return ended("length");
    const tokens = sequence.evaluate(input.slice(sequence.nextTokenIndex), {
        temperature: options.temperature,
        topP: options.topP,
        seed: options.seed,
        repeatPenalty: {
            punishTokens: () => [...answer, ...generated].slice(-repeatPenaltyTokens).filter((token) => token !== nl),
            maxPunishTokens: repeatPenaltyTokens
        },
        yieldEogToken: true
    });
    for await (const token of tokens) {
        if (signal.aborted) throw signal.reason;
        options.onProgress?.();
        if (model.isEogToken(token) || options.endTokens.has(token)) return ended("end");
        generated.push(token);
        partial.push(token);
        const before = answer.concat(generated.slice(0, generated.length - partial.length)).slice(-detokenizerTrail);
        const piece = model.detokenize(partial, false, before);
        const full = generated.length >= options.maxTokens;
        // A character split over byte tokens comes out whole, once its last byte is generated.
        if (piece.endsWith("\uFFFD") && partial.length < maxPartialTokens && !full) continue;
        partial.length = 0;
        const from = text.length;
        text += piece;
        const stop = firstStop(text, stops);
        if (stop != null) {
            text = text.slice(0, stop);
            shown = Math.min(shown, text.length);
            return ended("stop");
        }
        const held = heldBack(text, stops);
        // A continuation never ends on what may be the start of a stop string: split over two
        // continuations, the stop would never be seen whole. It ends once the text has gone past.
        boundary ??= firstString(text, boundaries, from);
        if (boundary != null && held === 0) return ended("boundary", boundary);
        if (full) return ended("length");
        // Text that may be the start of a stop string waits until it is known not to be one.
        const safe = text.length - held;
        if (safe > shown) {
            options.onText?.(text.slice(shown, safe));
            shown = safe;
        }
    }
    throw new EngineError("the token generation ended without a result");
}

/** Where the first of the stop strings starts in `text`, if any does. */
export function firstStop(text: string, stops: readonly string[]): number | undefined {
    const found = stops.map((stop) => text.indexOf(stop)).filter((index) => index >= 0);
    return found.length === 0 ? undefined : Math.min(...found);
}

/** The string of `strings` found first in `text` (looking from about `from` on), if any. */
function firstString(text: string, strings: readonly string[], from: number): string | undefined {
    let first: { readonly string: string; readonly at: number } | undefined;
    for (const string of strings) {
        const at = text.indexOf(string, Math.max(0, from - string.length + 1));
        if (at >= 0 && (first == null || at < first.at)) first = { string, at };
    }
    return first?.string;
}

/** How many characters at the end of `text` could begin a stop string. */
function heldBack(text: string, stops: readonly string[]): number {
    let held = 0;
    for (const stop of stops)
        for (let length = Math.min(stop.length - 1, text.length); length > held; length--)
            if (text.endsWith(stop.slice(0, length))) {
                held = length;
                break;
            }
    return held;
}
