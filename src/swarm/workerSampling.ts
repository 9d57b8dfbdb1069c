/**
 * Each worker samples differently so their votes are independent: temperatures spread evenly over
 * ±spread/2 around the request's (never below 0; a request at temperature 0 stays greedy on every
 * worker), and worker i uses seed + i.
 */
export function workerTemperature(base: number, spread: number, worker: number, workers: number): number {
    if (base === 0 || workers === 1) return base;
    const offset = spread * (worker / (workers - 1) - 0.5);
    return Math.max(0, Math.round((base + offset) * 1000) / 1000);
}

export function workerSeed(seed: number, worker: number): number {
    return (seed + worker) >>> 0;
}
