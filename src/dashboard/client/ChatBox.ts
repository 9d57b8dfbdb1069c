import type { ApiClient } from "./ApiClient.ts";
import { byId, el } from "./el.ts";
import { percent } from "./format.ts";
import { readEvents } from "./readEvents.ts";

/** The parts of a streamed chat-completion chunk the chat box reads. */
interface Chunk {
    readonly choices?: readonly { readonly delta?: { readonly content?: string } }[];
    readonly swarm?: { readonly winner: string; readonly strategy: string; readonly agreement: number; readonly workers: number };
    readonly error?: { readonly message: string };
}

/**
 * Sends a prompt through `/v1/chat/completions` (streamed) and shows the chosen answer as it
 * arrives. The candidates and the vote appear meanwhile in the request list, from the event stream.
 */
export class ChatBox {
    readonly #api: ApiClient;

    constructor(api: ApiClient) {
        this.#api = api;
        byId<HTMLFormElement>("chat-form").addEventListener("submit", (event) => {
            event.preventDefault();
            void this.#send();
        });
        byId<HTMLTextAreaElement>("chat-input").addEventListener("keydown", (event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) byId<HTMLFormElement>("chat-form").requestSubmit();
        });
    }

    async #send(): Promise<void> {
        const input = byId<HTMLTextAreaElement>("chat-input");
        const button = byId<HTMLButtonElement>("chat-send");
        const answer = byId("chat-answer");
        const text = el("span", { class: "text" });
        const meta = el("span", { class: "meta muted" }, "The workers are writing; the vote decides the answer…");
        answer.replaceChildren(text, meta);
        answer.hidden = false;
        button.disabled = true;
        try {
            const response = await this.#api.fetch("/v1/chat/completions", {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({
                    messages: [{ role: "user", content: input.value }],
                    max_tokens: Number(byId<HTMLInputElement>("chat-max").value) || undefined,
                    stream: true
                })
            });
            if (!response.ok || response.body == null) {
                const body = await response.json().catch(() => null) as Chunk | null;
                throw new Error(body?.error?.message ?? `the server answered ${response.status}`);
            }
            for await (const event of readEvents(response.body)) {
                if (event.data === "[DONE]") break;
                const chunk = JSON.parse(event.data) as Chunk;
                if (chunk.error != null) throw new Error(chunk.error.message);
                text.append(chunk.choices?.[0]?.delta?.content ?? "");
                if (chunk.swarm != null)
                    meta.textContent = `winner ${chunk.swarm.winner} of ${chunk.swarm.workers} · ${chunk.swarm.strategy} · agreement ${percent(chunk.swarm.agreement)}`;
            }
        } catch (error) {
            meta.textContent = (error as Error).message;
            meta.className = "meta error";
        } finally {
            button.disabled = false;
        }
    }
}
