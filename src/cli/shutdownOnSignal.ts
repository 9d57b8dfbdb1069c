import type { Logger } from "../log.ts";

export interface ShutdownOptions {
    /** How long the dispose may take before the process exits anyway (default 20 s, under systemd's 30 s stop timeout). */
    readonly boundMs?: number;
    /** Ends the process when the dispose is abandoned; replaceable for tests. */
    readonly exit?: (code: number) => void;
}

/**
 * Waits for SIGTERM or SIGINT, then runs `dispose` (stop accepting, end in-flight work, free the
 * model) and resolves to 0 once it is done. A dispose that fails or outlasts the bound (a stuck
 * request) is abandoned, as is everything after a second signal: the process then exits with 1 at
 * once, so a service manager never has to kill it.
 */
export function shutdownOnSignal(dispose: () => Promise<void>, log: Logger, options: ShutdownOptions = {}): Promise<number> {
    const boundMs = options.boundMs ?? 20_000;
    const exit = options.exit ?? ((code: number) => process.exit(code));
    return new Promise<number>((resolve) => {
        let abandon: ReturnType<typeof setTimeout> | undefined;
        const finish = (code: number) => {
            clearTimeout(abandon);
            process.off("SIGINT", onSignal);
            process.off("SIGTERM", onSignal);
            if (code === 0) resolve(0);
            else exit(code);
        };
        const onSignal = (signal: NodeJS.Signals) => {
            if (abandon != null) {
                log.warn(`${signal} again: exiting without waiting`);
                finish(1);
                return;
            }
            log.info(`${signal}: shutting down (at most ${Math.round(boundMs / 1000)} s)`);
            abandon = setTimeout(() => {
                log.error(`shutdown did not finish within ${Math.round(boundMs / 1000)} s; exiting`);
                finish(1);
            }, boundMs);
            dispose().then(
                () => finish(0),
                (error: unknown) => {
                    log.error(`shutdown failed: ${(error as Error).message}`);
                    finish(1);
                }
            );
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
    });
}
