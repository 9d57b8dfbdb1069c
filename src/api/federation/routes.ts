import type { Server } from "bun";
import { Elysia } from "elysia";
import { NotFoundError } from "../../errors.ts";
import type { Federation } from "../../federation/index.ts";

/**
 * `GET /v1/swarm/peers` (members, health, latency, per-peer metrics; behind the API key like every
 * /v1 route) and the peer protocol under `/federation/v1/*` and `/federation/v2/*`, which the federation handler serves
 * itself: it must read the raw body to check the swarm-secret signature, so Elysia does not parse it.
 * A node that does not federate answers both with 404 `federation_off`, saying why.
 */
export function federationRoutes(federation: Federation | undefined, alone: string | null) {
    const off = () => new NotFoundError(`this node does not federate: ${alone ?? "federation is off"}`, { code: "federation_off" });
    const peerRoute = ({ request, server }: { request: Request; server: Server<unknown> | null }) => {
        if (federation == null) throw off();
        return federation.handler.handle(request, server?.requestIP(request)?.address);
    };
    return new Elysia({ name: "federation" })
        .get(
            "/v1/swarm/peers",
            () => {
                if (federation == null) throw off();
                return { enabled: true as const, ...federation.report() };
            },
            { detail: { summary: "The LAN swarm this node belongs to: peers, their health, latency and votes", tags: ["federation"] } }
        )
        .all("/federation/v1/*", peerRoute, { parse: "none", detail: { hide: true } })
        .all("/federation/v2/*", peerRoute, { parse: "none", detail: { hide: true } });
}
