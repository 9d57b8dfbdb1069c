import type { Command } from "../command.ts";
import { runtimeCommand } from "./runtime.ts";
import { serviceCommand } from "./service.ts";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [serviceCommand, runtimeCommand];
