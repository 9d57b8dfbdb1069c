import type { Command } from "../command.ts";
import { askCommand } from "./ask.ts";
import { serveCommand } from "./serve.ts";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [serveCommand, askCommand];
