import type { Command } from "../command.ts";
import { fitWeightsCommand } from "./fitWeights.ts";
import { voteCommand } from "./vote.ts";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [voteCommand, fitWeightsCommand];
