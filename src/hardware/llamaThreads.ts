import { availableCores } from "./availableCores.ts";

/**
 * The llama.cpp thread count every context and `getLlama` call uses: the `threads` setting when it
 * is set (> 0), else the cores really available less one, which stays free for the HTTP server and
 * the OS. llama.cpp's threads spin while they wait, so one more thread than free cores makes every
 * token stall (measured on a busy 2-core box: 300 tokens x 3 workers took 0.66 s on 1 thread and
 * 27.7 s on 2; `runtime --model` on the 1 MB test model, 24 s with node-llama-cpp's default, 0.3 s on 1).
 */
export function llamaThreads(setting: number, cores: number = availableCores()): number {
    return setting > 0 ? setting : Math.max(1, cores - 1);
}
