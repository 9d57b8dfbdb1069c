export { blockedAddress, blockedHostName, isMachineLocalAddress } from "./blockedAddress.ts";
export { isLoopbackHost } from "./isLoopbackHost.ts";
export { readBoundedBytes } from "./readBoundedBytes.ts";
export { parseJsonObject } from "./parseJsonObject.ts";
