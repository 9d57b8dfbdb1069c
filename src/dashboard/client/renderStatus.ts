import type { StatusView } from "../types.ts";
import { byId, el } from "./el.ts";

/** The worker cards (busy or idle, last speed) and the queue counters. */
export function renderStatus(status: StatusView): void {
    byId("workers").replaceChildren(...status.workers.map((worker) =>
        el("div", { class: worker.busy ? "worker busy" : "worker", "data-worker": worker.id },
            el("b", {}, worker.id),
            el("span", { class: "state" }, worker.busy ? "busy" : "idle"),
            el("span", { class: "speed" }, worker.tokensPerSecond == null ? "– tok/s" : `${worker.tokensPerSecond} tok/s`))));
    const viewers = status.viewers === 1 ? "1 viewer" : `${status.viewers} viewers`;
    byId("counters").textContent = `${status.served} served · ${status.queued}/${status.queueSize} queued · ${viewers}`;
}
