export { SwarmMonitor, type SwarmMonitorOptions, type MonitoredSwarm } from "./SwarmMonitor.ts";
export { machineInfo, type MachineFacts } from "./machineInfo.ts";
export { dashboardPage } from "./dashboardPage.ts";
export type { CandidateView, DashboardMessage, DecisionView, MachineInfo, RequestView, StatusView, WorkerView } from "./types.ts";
