export { SwarmMetrics, type SwarmMetricsOptions, type MeteredSwarm } from "./SwarmMetrics.ts";
