export { availableCores, type AvailableCoresOptions } from "./availableCores.ts";
export { cgroupLimits, type CgroupLimits, type ReadText } from "./cgroupLimits.ts";
