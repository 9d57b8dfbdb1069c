import type { RequestView } from "../types.ts";
import { byId } from "./el.ts";
import { requestCard, thoughtSpan } from "./requestCard.ts";

/** Cards kept on the page, as many as the server keeps in its history. */
const maxCards = 20;

/** The requests, newest first; the running one's candidates fill in as the workers write. */
export class RequestList {
    readonly #requests = new Map<number, RequestView>();
    readonly #cards = new Map<number, HTMLElement>();
    /** Text so far of each worker of the running request. */
    #live = new Map<string, string>();
    /** Thinking so far of each worker of the running request (models that think first). */
    #thinking = new Map<string, string>();
    #workers: readonly string[] = [];

    setWorkers(ids: readonly string[]): void {
        this.#workers = ids;
    }

    reset(history: readonly RequestView[]): void {
        this.#requests.clear();
        this.#cards.clear();
        this.#live = new Map();
        this.#thinking = new Map();
        byId("requests").replaceChildren();
        for (const request of history) this.update(request);
    }

    update(request: RequestView): void {
        if (request.state !== "running") {
            this.#live = new Map();
            this.#thinking = new Map();
        }
        const card = requestCard(request, this.#workers, this.#live, this.#thinking);
        const old = this.#cards.get(request.id);
        if (old != null) old.replaceWith(card);
        else byId("requests").prepend(card);
        this.#requests.set(request.id, request);
        this.#cards.set(request.id, card);
        for (const id of [...this.#cards.keys()].sort((a, b) => a - b).slice(0, Math.max(0, this.#cards.size - maxCards))) {
            this.#cards.get(id)?.remove();
            this.#cards.delete(id);
            this.#requests.delete(id);
        }
        byId("requests-empty").hidden = this.#cards.size > 0;
    }

    appendText(id: number, text: Readonly<Record<string, string>>, thought: Readonly<Record<string, string>> = {}): void {
        if (this.#requests.get(id)?.state !== "running") return;
        const card = this.#cards.get(id);
        const writing = (worker: string) => card?.querySelector<HTMLElement>(`.candidate.writing[data-worker="${CSS.escape(worker)}"] p`);
        for (const [worker, piece] of Object.entries(thought)) {
            this.#thinking.set(worker, (this.#thinking.get(worker) ?? "") + piece);
            const paragraph = writing(worker);
            if (paragraph == null) continue;
            const thinking = paragraph.querySelector(".thought") ?? paragraph.insertBefore(thoughtSpan(""), paragraph.firstChild);
            thinking.append(piece);
            paragraph.scrollTop = paragraph.scrollHeight;
        }
        for (const [worker, piece] of Object.entries(text)) {
            this.#live.set(worker, (this.#live.get(worker) ?? "") + piece);
            const paragraph = writing(worker);
            if (paragraph != null) {
                paragraph.append(piece);
                paragraph.scrollTop = paragraph.scrollHeight;
            }
        }
    }
}
