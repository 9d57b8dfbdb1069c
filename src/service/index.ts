export { chooseServiceLayout, type ServiceTarget } from "./chooseServiceLayout.ts";
export { controlService, installService, uninstallService, serviceManagerProblem, serviceStatus, runCommand, type CommandRunner, type ServiceStatus } from "./installService.ts";
export type { ServiceAction, ServiceFile, ServiceLayout, ServiceSpec } from "./serviceLayout.ts";
