import { EngineError } from "../errors.ts";

/**
 * Runs `work` under a watchdog: every `progress()` call (one per generated token) re-arms it, and
 * when `stallMs` pass without one the work's signal is aborted and the returned promise rejects
 * with EngineError `worker_stalled` at once, even if `work` ignores its signal and never settles.
 * `signal` (the request's) aborts the work as usual.
 */
export async function watchProgress<T>(stallMs: number, signal: AbortSignal, work: (signal: AbortSignal, progress: () => void) => Promise<T>): Promise<T> {
    const stall = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            const error = new EngineError(`the worker produced no token for ${stallMs / 1000} s and was stopped`, { code: "worker_stalled" });
            stall.abort(error);
            reject(error);
        }, stallMs);
    });
    try {
        return await Promise.race([work(AbortSignal.any([signal, stall.signal]), () => timer?.refresh()), stalled]);
    } finally {
        clearTimeout(timer);
    }
}
