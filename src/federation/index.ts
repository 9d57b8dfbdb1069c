export { Federation, type FederationOptions, type FederationReport } from "./Federation.ts";
export { FederatedSwarm, isFederatedResult, type FederatedSwarmOptions, type FederatedResult, type NodeOutcome } from "./FederatedSwarm.ts";
export { joinFederation, type JoinedFederation } from "./joinFederation.ts";
export { FederationHandler, type FederationHandlerOptions } from "./FederationHandler.ts";
export { PeerClient } from "./PeerClient.ts";
export { PeerRegistry, type PeerSnapshot, type PeerHealth, type PeerSource, type PeerMetrics, type VotingPeer, type VoteOutcome } from "./PeerRegistry.ts";
export { MdnsDiscovery, type MdnsState, type MdnsStatus, type IgnoredAnnouncement } from "./MdnsDiscovery.ts";
export { NodeIdentity } from "./NodeIdentity.ts";
export { SwarmKey, signatureHeaders, minSecretLength } from "./SwarmKey.ts";
export { peerBaseUrl } from "./peerAddress.ts";
export { globalVote, type GlobalVoteOptions } from "./globalVote.ts";
export {
    protocolVersion,
    serviceType,
    federationPaths,
    maxPeerBodyBytes,
    type HelloInfo,
    type GenerateRequestBody,
    type NodeVote,
    type CandidateSummary
} from "./protocol.ts";
