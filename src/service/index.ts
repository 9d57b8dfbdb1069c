export { chooseServiceLayout, type ServiceTarget } from "./chooseServiceLayout.ts";
export { installService, uninstallService, serviceStatus, runCommand, type CommandRunner } from "./installService.ts";
export type { ServiceFile, ServiceLayout, ServiceSpec } from "./serviceLayout.ts";
