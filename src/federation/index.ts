export { Federation, type FederationOptions, type FederationReport } from "./Federation.ts";
export { isFederatedResult, type FederatedOutcome, type FederatedSwarmOptions, type FederatedResult, type NodeOutcome } from "./FederatedSwarm.ts";
export { joinFederation, type JoinedFederation } from "./joinFederation.ts";
export { FederationHandler, type FederationHandlerOptions } from "./FederationHandler.ts";
export type { PeerSnapshot, PeerHealth, PeerSource, PeerMetrics } from "./PeerRegistry.ts";
export type { MdnsState, IgnoredAnnouncement } from "./MdnsDiscovery.ts";
export { NodeIdentity } from "./NodeIdentity.ts";
export { SwarmKey, minSecretLength } from "./SwarmKey.ts";
