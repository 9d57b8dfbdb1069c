import type { Settings } from "../config/index.ts";
import { loadWeights } from "../consensus/index.ts";
import { ConfigError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Voter } from "../swarm/index.ts";
import { isLoopbackHost } from "../net/index.ts";
import { FederatedSwarm } from "./FederatedSwarm.ts";
import { Federation } from "./Federation.ts";

export interface JoinedFederation {
    /** Undefined when this node runs alone. */
    readonly federation: Federation | undefined;
    /** What answers the API's requests: the federated vote, or the local swarm alone. */
    readonly voter: Voter;
    /** The federated vote (the same object as `voter`) when this node federates, for observers such as the dashboard. */
    readonly federated: FederatedSwarm | undefined;
    /** Why this node runs alone; null when it federates. */
    readonly alone: string | null;
}

/** Said wherever `federation: false` came from (the wizard's "only this machine", the config, a flag or the environment). */
const federationOff = "federation is off (the federation setting is false: this node answers alone); " +
    "to join the other nodes on the LAN, run `local-swarm setup` and let other machines use the API, or set federation to true";

/**
 * Builds this node's federation from the settings, or says why there is none. Call
 * `federation.start(port)` once the API listens, and `dispose()` on shutdown.
 */
export function joinFederation(settings: Settings, local: Voter, logger: Logger, dataDir: string): JoinedFederation {
    if (!settings.federation) return { federation: undefined, voter: local, federated: undefined, alone: federationOff };
    if (settings.swarmSecret == null || settings.swarmSecret === "") {
        if (settings.peer.length > 0)
            throw new ConfigError("--peer needs a swarm secret: set --swarm-secret (or LOCAL_SWARM_SWARM_SECRET) to the same value on every node");
        return {
            federation: undefined,
            voter: local,
            federated: undefined,
            alone: "no swarm secret is set, so this node runs alone; to join the other nodes on the LAN, give every node the same --swarm-secret"
        };
    }
    const federation = new Federation({
        secret: settings.swarmSecret,
        dataDir,
        local,
        peers: settings.peer,
        mdns: settings.mdns,
        heartbeatIntervalMs: settings.heartbeatInterval * 1000,
        logger
    });
    if (isLoopbackHost(settings.host))
        logger.warn(`federation: the API listens on ${settings.host}, so other machines cannot reach this node; serve with --host 0.0.0.0 (and an --api-key)`);
    const voter = new FederatedSwarm({
        local,
        federation,
        peerDeadlineMs: settings.peerDeadline * 1000,
        federateBelow: settings.federateBelow,
        strategy: settings.strategy,
        weights: settings.weights == null ? undefined : loadWeights(settings.weights),
        abstainBelow: settings.abstainBelow,
        logger
    });
    return { federation, voter, federated: voter, alone: null };
}
