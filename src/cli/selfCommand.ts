import path from "node:path";
import { buildInfo } from "../runtime/index.ts";

/** The command line that starts this same program again: the binary itself, or Bun plus this script when run from source. */
export function selfCommand(): string[] {
    return buildInfo != null ? [process.execPath] : [process.execPath, path.resolve(process.argv[1] ?? "")];
}
