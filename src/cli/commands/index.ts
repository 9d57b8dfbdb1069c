import type { Command } from "../command.ts";
import { runtimeCommand } from "./runtime.ts";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [runtimeCommand];
