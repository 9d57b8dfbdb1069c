import { PeerError } from "../../errors.ts";
import type { FederationReport } from "../../federation/index.ts";
import type { Command } from "../command.ts";

/** Where to reach the local server: a wildcard listen address means this machine's loopback. */
function serverUrl(host: string, port: number): string {
    const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
    return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

function ago(iso: string | null, now: number): string {
    if (iso == null) return "never";
    const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
    return `${seconds} s ago`;
}

function table(rows: readonly (readonly string[])[]): string {
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

function formatPeers(answer: FederationReport, now = Date.now()): string {
    const lines = [
        `node ${answer.node.id}: ${answer.node.model}, ${answer.node.workers} workers, port ${answer.node.port}; mDNS ${answer.discovery.mdns}` +
            (answer.discovery.staticPeers.length > 0 ? `; static peers ${answer.discovery.staticPeers.join(", ")}` : "")
    ];
    if (answer.discovery.problem != null) lines.push(`problem: ${answer.discovery.problem}`);
    if (answer.discovery.note != null) lines.push(`note: ${answer.discovery.note}`);
    if (answer.peers.length === 0) lines.push("no peers yet");
    else
        lines.push(table([
            ["PEER", "ADDRESS", "HEALTH", "VIA", "MODEL", "WORKERS", "LATENCY", "LAST SEEN", "VOTES", "FAILED", "WINS", "MEAN VOTE", "TRUST", "AGREED", "WEIGHT"],
            ...answer.peers.map((peer) => [
                peer.id ?? "?",
                peer.url,
                peer.health,
                peer.sources.join("+"),
                peer.model ?? "-",
                peer.workers == null ? "-" : String(peer.workers),
                peer.latencyMs == null ? "-" : `${Math.round(peer.latencyMs)} ms`,
                ago(peer.lastSeen, now),
                String(peer.metrics.requests),
                String(peer.metrics.failures),
                String(peer.metrics.wins),
                peer.metrics.meanLatencyMs == null ? "-" : `${peer.metrics.meanLatencyMs} ms`,
                peer.trust == null ? "-" : `${Math.round(peer.trust.reputation * 100)} %`,
                peer.trust == null ? "-" : `${peer.trust.agreements}/${peer.trust.votes}`,
                peer.trust == null ? "-" : peer.trust.weight.toFixed(2)
            ])
        ]));
    lines.push(`trust: ${answer.node.trust.reason}`);
    for (const peer of answer.peers) if (peer.trust != null && peer.trust.votes > 0) lines.push(`trust: ${peer.trust.reason}`);
    for (const peer of answer.peers) if (peer.health !== "healthy" && peer.lastError != null) lines.push(`${peer.url}: ${peer.lastError}`);
    for (const ignored of answer.ignored) lines.push(`ignored ${ignored.name} at ${ignored.address}: ${ignored.reason}`);
    return lines.join("\n") + "\n";
}

export const peersCommand: Command = {
    name: "peers",
    summary: "List the LAN swarm's members as the running server sees them: health, latency, votes, wins, learned trust",
    usage: "peers [--host H] [--port P] [--api-key K] [--json]",
    settings: ["host", "port", "apiKey"],
    options: {
        json: { kind: "boolean", description: "Print the server's answer as JSON" }
    },
    async run({ settings, options, stdout }) {
        const url = `${serverUrl(settings.host, settings.port)}/v1/swarm/peers`;
        let response: Response;
        try {
            response = await fetch(url, {
                headers: settings.apiKey == null || settings.apiKey === "" ? {} : { authorization: `Bearer ${settings.apiKey}` },
                signal: AbortSignal.timeout(10_000)
            });
        } catch (error) {
            throw new PeerError(`cannot reach the local-swarm server at ${url} (${(error as Error).message}); is \`local-swarm serve\` running there?`, { code: "server_unreachable", cause: error });
        }
        const body = (await response.json().catch(() => null)) as (FederationReport & { error?: { message?: string; code?: string } }) | null;
        if (response.status === 404 && body?.error?.code === "federation_off") {
            stdout.write(`${body.error.message}\n`);
            return 0;
        }
        if (!response.ok || body == null)
            throw new PeerError(`${url} answered HTTP ${response.status}: ${body?.error?.message ?? "not JSON"}`, { code: "server_failed" });
        stdout.write(options.json === true ? JSON.stringify(body, null, 2) + "\n" : formatPeers(body));
        return 0;
    }
};
