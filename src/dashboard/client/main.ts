import type { DashboardMessage } from "../types.ts";
import { ApiClient } from "./ApiClient.ts";
import { ChatBox } from "./ChatBox.ts";
import { byId } from "./el.ts";
import { PeersPanel } from "./PeersPanel.ts";
import { readEvents } from "./readEvents.ts";
import { renderMachine } from "./renderMachine.ts";
import { renderStatus } from "./renderStatus.ts";
import { RequestList } from "./RequestList.ts";

const keyForm = byId<HTMLFormElement>("key-form");
const api = new ApiClient((problem) => {
    keyForm.hidden = false;
    const error = byId("key-error");
    error.hidden = problem == null;
    error.textContent = problem ?? "";
    byId("key-input").focus();
});
keyForm.addEventListener("submit", (event) => {
    event.preventDefault();
    keyForm.hidden = true;
    api.setKey(byId<HTMLInputElement>("key-input").value);
});

const requests = new RequestList();
const peers = new PeersPanel(api);
new ChatBox(api);

function setConnection(state: "connecting" | "live" | "offline"): void {
    const badge = byId("connection");
    badge.dataset.state = state;
    badge.textContent = state === "offline" ? "reconnecting" : state;
}

function apply(message: DashboardMessage): void {
    switch (message.type) {
        case "snapshot":
            renderMachine(message.machine);
            renderStatus(message.status);
            requests.setWorkers(message.status.workers.map((worker) => worker.id));
            requests.reset(message.history);
            peers.start();
            return;
        case "status":
            renderStatus(message.status);
            return;
        case "request":
            requests.update(message.request);
            return;
        case "text":
            requests.appendText(message.id, message.text, message.thought);
            return;
    }
}

/** Follows the server's event stream; reconnects with backoff (and a fresh snapshot) when it ends. */
async function watch(): Promise<never> {
    let delay = 1000;
    for (;;) {
        setConnection("connecting");
        try {
            const response = await api.fetch("/v1/swarm/events", { headers: { accept: "text/event-stream" } });
            if (response.ok && response.body != null)
                for await (const event of readEvents(response.body)) {
                    setConnection("live");
                    delay = 1000;
                    apply(JSON.parse(event.data) as DashboardMessage);
                }
        } catch {
            // The server went away; try again below.
        }
        setConnection("offline");
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 15_000);
    }
}

void watch();
