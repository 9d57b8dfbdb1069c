import { settingsTable } from "../config/index.ts";

/** What the wizard asked; settings this build does not have are left out of the config. */
export interface SetupAnswers {
    readonly model: string;
    readonly workers: number;
    readonly host: string;
    readonly port: number;
    readonly apiKey?: string;
    readonly federation?: boolean;
    readonly swarmSecret?: string;
    readonly tools?: boolean;
    readonly hfEndpoint?: string;
}

/**
 * The config file the wizard writes: the existing file's other settings kept, the answers on top;
 * an answer left undefined removes the setting (e.g. no API key once back on loopback).
 */
export function buildConfig(existing: Readonly<Record<string, unknown>>, answers: SetupAnswers): Record<string, unknown> {
    const config: Record<string, unknown> = { ...existing };
    for (const [key, value] of Object.entries(answers)) {
        if (!(key in settingsTable)) continue;
        if (value === undefined) delete config[key];
        else config[key] = value;
    }
    if (answers.apiKey === undefined) delete config.apiKey;
    return config;
}

/** Whether this build has a setting (federation and tools arrive with their domains). */
export function hasSetting(name: string): boolean {
    return name in settingsTable;
}
