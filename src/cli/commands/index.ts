import type { Command } from "../command.ts";
import { hardwareCommand } from "./hardware.ts";
import { modelsCommand } from "./models.ts";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [hardwareCommand, modelsCommand];
