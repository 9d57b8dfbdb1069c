import type { Command } from "../command.ts";
import { askCommand } from "./ask.ts";
import { fitWeightsCommand } from "./fitWeights.ts";
import { hardwareCommand } from "./hardware.ts";
import { modelsCommand } from "./models.ts";
import { peersCommand } from "./peers.ts";
import { runtimeCommand } from "./runtime.ts";
import { serveCommand } from "./serve.ts";
import { serviceCommand } from "./service.ts";
import { setupCommand } from "./setup.ts";
import { voteCommand } from "./vote.ts";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [setupCommand, serveCommand, askCommand, hardwareCommand, modelsCommand, peersCommand, serviceCommand, voteCommand, fitWeightsCommand, runtimeCommand];
