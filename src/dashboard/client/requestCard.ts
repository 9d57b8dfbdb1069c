import type { CandidateView, FederationView, NodeView, RequestView, SegmentView } from "../types.ts";
import { el } from "./el.ts";
import { clockTime, percent, seconds } from "./format.ts";

/**
 * One request: the prompt, how the vote went, and every worker's candidate side by side. While it
 * runs, workers that are still writing show their thinking (`thinking`, set apart) and text so far
 * (`live`), marked `writing`. A
 * federated request also shows the global vote: every node's answer and which node won. A request
 * voted by segments shows its answer as the segments are decided, each naming its winner.
 */
export function requestCard(request: RequestView, workers: readonly string[], live: ReadonlyMap<string, string>, thinking: ReadonlyMap<string, string>): HTMLElement {
    const finished = new Map(request.candidates.map((candidate) => [candidate.worker, candidate]));
    const ids = request.state === "running" ? workers : request.candidates.map((candidate) => candidate.worker);
    return el("article", { class: `request ${request.state}`, "data-request": String(request.id), "data-state": request.state },
        el("p", { class: "prompt" }, request.prompt === "" ? "(no user message)" : request.prompt),
        voteLine(request),
        request.federation == null ? null : nodesRow(request.federation),
        request.segments.length === 0 ? null : segmentsRow(request.segments),
        el("div", { class: "candidates" }, ...ids.map((worker) => {
            const candidate = finished.get(worker);
            return candidate == null
                ? el("div", { class: "candidate writing", "data-worker": worker }, el("header", {}, el("b", {}, worker), el("span", {}, "writing…")), el("p", {}, thinking.has(worker) ? thoughtSpan(thinking.get(worker)!) : null, live.get(worker) ?? ""))
                : candidateCard(candidate, request.decision?.winner === worker);
        })));
}

/** A worker's thinking, shown apart from (before) its answer. */
export function thoughtSpan(text: string): HTMLElement {
    return el("span", { class: "thought", title: "thinking" }, text);
}

function voteLine(request: RequestView): HTMLElement {
    const parts: (Node | string)[] = [el("span", {}, clockTime(request.startedAt))];
    const decision = request.decision;
    if (request.state === "running") parts.push(el("strong", {}, "the workers are writing…"));
    if (request.state === "failed") parts.push(el("strong", { class: "error" }, `failed: ${request.error ?? "unknown error"}`));
    if (decision != null) {
        const bar = el("span", { class: "agreement" }, el("i", { style: `width:${percent(decision.agreement)}` }));
        parts.push(
            el("span", {}, request.federation == null ? "winner " : "local winner ", el("strong", { class: "winner-id" }, decision.winner)),
            el("span", { title: decision.reason }, "strategy ", el("strong", {}, decision.strategy)),
            el("span", {}, "agreement ", bar, " ", el("strong", {}, percent(decision.agreement))),
            el("span", {}, `confidence ${percent(decision.confidence)}${decision.abstain ? " (abstains)" : ""}`),
            el("span", { title: "tokens per second, all workers together" }, `${decision.tokensPerSecond} tok/s in all`)
        );
    }
    if (request.durationMs != null) parts.push(el("span", {}, seconds(request.durationMs)));
    return el("div", { class: "vote" }, ...parts);
}

function segmentsRow(segments: readonly SegmentView[]): HTMLElement {
    return el("p", { class: "segments", title: "the answer, segment by segment as the workers voted" },
        el("b", {}, `${segments.length} segment${segments.length === 1 ? "" : "s"}: `),
        ...segments.map((segment) => el("span", { class: "segment", title: `${segment.worker}, agreement ${percent(segment.agreement)}` }, segment.text)));
}

function nodesRow(federation: FederationView): HTMLElement {
    return el("div", { class: "nodes" },
        el("div", { class: "vote" },
            el("span", {}, `${federation.nodes.length} nodes voted`),
            el("span", {}, "global winner ", el("strong", { class: "node-winner-id" }, federation.winner)),
            el("span", { title: federation.reason }, "strategy ", el("strong", {}, federation.strategy)),
            el("span", {}, "agreement ", el("strong", {}, percent(federation.agreement)))),
        el("div", { class: "candidates" }, ...federation.nodes.map(nodeCard)),
        el("p", { class: "muted" }, "this node's own workers:"));
}

function nodeCard(node: NodeView): HTMLElement {
    return el("div", { class: node.won ? "node winner" : "node", "data-node": node.node },
        el("header", {},
            el("b", {}, node.node),
            node.self ? el("span", {}, "this node") : null,
            node.won ? el("span", { class: "badge" }, "winner") : null,
            node.score != null ? el("span", {}, `score ${node.score.toFixed(2)}`) : null,
            node.workers != null ? el("span", {}, `${node.workers} workers`) : null,
            node.weight != null ? el("span", { title: node.weightReason ?? "" }, `weight ${node.weight.toFixed(2)}`) : null,
            el("span", {}, seconds(node.latencyMs))),
        el("p", node.error == null ? {} : { class: "error" }, node.error ?? node.text));
}

function candidateCard(candidate: CandidateView, winner: boolean): HTMLElement {
    const body = candidate.error != null && candidate.text === "" ? candidate.error : candidate.text;
    return el("div", { class: winner ? "candidate winner" : "candidate", "data-worker": candidate.worker },
        el("header", {},
            el("b", {}, candidate.worker),
            winner ? el("span", { class: "badge" }, "winner") : null,
            candidate.score != null ? el("span", {}, `score ${candidate.score.toFixed(2)}`) : null,
            el("span", {}, `${candidate.tokens} tok · ${candidate.tokensPerSecond} tok/s`),
            el("span", {}, `t=${candidate.temperature.toFixed(2)}`),
            el("span", {}, candidate.finishReason)),
        ...candidate.calls.map((call) => el("code", { class: "call" }, `→ ${call}`)),
        el("p", {}, body));
}
