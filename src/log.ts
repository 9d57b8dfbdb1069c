export type LogLevel = "error" | "warn" | "info" | "debug";
/** `text`: one readable line; `json`: one JSON object a line, for journald and log shippers. */
export type LogFormat = "text" | "json";
/** Structured values beside a message (an access log line's status, duration, tokens). */
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

const rank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
    error(message: string, fields?: LogFields): void;
    warn(message: string, fields?: LogFields): void;
    info(message: string, fields?: LogFields): void;
    debug(message: string, fields?: LogFields): void;
}

/** Timestamped lines on stderr (journald adds its own metadata); messages never carry secrets or prompt text. */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line), format: LogFormat = "text"): Logger {
    const at = (messageLevel: LogLevel) => (message: string, fields: LogFields = {}) => {
        if (rank[messageLevel] > rank[level]) return;
        const time = new Date().toISOString();
        if (format === "json") write(JSON.stringify({ time, level: messageLevel, message, ...fields }) + "\n");
        else write(`${time} ${messageLevel.padEnd(5)} ${[message, ...Object.entries(fields).map(([key, value]) => `${key}=${value}`)].join(" ")}\n`);
    };
    return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
