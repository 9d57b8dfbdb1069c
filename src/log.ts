export type LogLevel = "error" | "warn" | "info" | "debug";

const rank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
    error(message: string): void;
    warn(message: string): void;
    info(message: string): void;
    debug(message: string): void;
}

/** Timestamped lines on stderr (journald adds its own metadata); messages never carry secrets. */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
    const at = (messageLevel: LogLevel) => (message: string) => {
        if (rank[messageLevel] <= rank[level]) write(`${new Date().toISOString()} ${messageLevel.padEnd(5)} ${message}\n`);
    };
    return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
