export { Federation, type FederationOptions, type FederationReport } from "./federation.ts";
export { FederationHandler, type FederationHandlerOptions } from "./federationHandler.ts";
export { PeerClient } from "./peerClient.ts";
export { PeerRegistry, type PeerSnapshot, type PeerHealth, type PeerSource, type PeerMetrics, type VotingPeer, type VoteOutcome } from "./peerRegistry.ts";
export { MdnsDiscovery, type MdnsState, type MdnsStatus, type IgnoredAnnouncement } from "./mdnsDiscovery.ts";
export { NodeIdentity } from "./nodeIdentity.ts";
export { SwarmKey, signatureHeaders, minSecretLength } from "./swarmKey.ts";
export { peerBaseUrl } from "./peerAddress.ts";
export { stderrLogger, type Logger } from "./logger.ts";
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
