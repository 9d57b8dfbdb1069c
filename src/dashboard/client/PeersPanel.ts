import type { ApiClient } from "./ApiClient.ts";
import { byId, el } from "./el.ts";
import { seconds } from "./format.ts";

/** What `/v1/swarm/peers` answers; only the fields the page shows. */
interface PeersReport {
    readonly enabled: boolean;
    readonly reason?: string | null;
    readonly discovery?: { readonly problem?: string | null };
    readonly peers?: readonly {
        readonly id: string | null;
        readonly url: string;
        readonly health: string;
        readonly model: string | null;
        readonly workers: number | null;
        readonly latencyMs: number | null;
        readonly metrics?: { readonly requests: number; readonly wins: number; readonly agreements: number };
        readonly trust?: { readonly reputation: number; readonly agreements: number; readonly votes: number; readonly weight: number; readonly reason: string } | null;
    }[];
}

const refreshMs = 30_000;

/**
 * The federation peers, refreshed every 30 s while the tab is visible. A server without
 * federation (no such route) hides the panel for good.
 */
export class PeersPanel {
    readonly #api: ApiClient;
    #timer: ReturnType<typeof setInterval> | undefined;

    constructor(api: ApiClient) {
        this.#api = api;
    }

    start(): void {
        void this.refresh();
        this.#timer ??= setInterval(() => {
            if (document.visibilityState === "visible") void this.refresh();
        }, refreshMs);
    }

    async refresh(): Promise<void> {
        const panel = byId("peers-panel");
        let report: PeersReport;
        try {
            const response = await this.#api.fetch("/v1/swarm/peers");
            if (response.status === 404) {
                panel.hidden = true;
                clearInterval(this.#timer);
                return;
            }
            if (!response.ok) return;
            report = await response.json() as PeersReport;
        } catch {
            return;
        }
        panel.hidden = false;
        const peers = report.peers ?? [];
        byId("peers-note").textContent = !report.enabled
            ? `This node runs alone${report.reason != null ? `: ${report.reason}` : "."}`
            : report.discovery?.problem ?? (peers.length === 0 ? "No peers found yet." : `${peers.length} peer${peers.length === 1 ? "" : "s"}`);
        byId("peers").replaceChildren(...peers.map((peer) => {
            const metrics = peer.metrics;
            return el("div", { class: "peer" },
                el("b", {}, peer.id ?? peer.url),
                el("span", { class: `health-${peer.health}` }, peer.health),
                peer.model != null ? el("span", {}, peer.model) : null,
                peer.workers != null ? el("span", {}, `${peer.workers} workers`) : null,
                peer.latencyMs != null ? el("span", {}, seconds(peer.latencyMs)) : null,
                metrics != null && metrics.requests > 0 ? el("span", {}, `agrees ${metrics.agreements}/${metrics.requests}, won ${metrics.wins}`) : null,
                peer.trust != null ? el("span", { class: "trust", title: peer.trust.reason }, `trust ${Math.round(peer.trust.reputation * 100)} %, ${peer.trust.agreements}/${peer.trust.votes} agreed, weight ${peer.trust.weight.toFixed(2)}`) : null);
        }));
    }
}
