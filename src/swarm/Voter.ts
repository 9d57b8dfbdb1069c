import type { RunOptions } from "./Swarm.ts";
import type { SwarmRequest, SwarmResult } from "./types.ts";

/**
 * Anything that answers a request by vote: the local `Swarm`, or the federation (the swarms of
 * every node on the LAN voting as one). The API talks to a Voter and never knows which.
 */
export interface Voter {
    /** The model this node serves. */
    readonly model: string;
    /** This node's own workers. */
    readonly workers: number;
    run(request: SwarmRequest, options?: RunOptions): Promise<SwarmResult>;
}
