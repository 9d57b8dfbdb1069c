import type { Command } from "../command.ts";
import { askCommand } from "./ask.ts";
import { fitWeightsCommand } from "./fitWeights.ts";
import { hardwareCommand } from "./hardware.ts";
import { modelsCommand } from "./models.ts";
import { peersCommand } from "./peers.ts";
import { serveCommand } from "./serve.ts";
import { voteCommand } from "./vote.ts";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [serveCommand, askCommand, hardwareCommand, modelsCommand, voteCommand, fitWeightsCommand, peersCommand];
