export { SwarmMonitor, type SwarmMonitorOptions, type MonitoredSwarm, type MonitoredFederation } from "./SwarmMonitor.ts";
export { machineInfo, type MachineFacts } from "./machineInfo.ts";
export { dashboardPage } from "./dashboardPage.ts";
export type { CandidateView, DashboardMessage, DecisionView, FederationView, MachineInfo, NodeView, RequestView, StatusView, WorkerView } from "./types.ts";
