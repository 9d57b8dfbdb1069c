import * as prompts from "@clack/prompts";
import crypto from "node:crypto";
import { writeConfigFile } from "../config/index.ts";
import { CancelledError, SwarmError } from "../errors.ts";
import { minSecretLength, SwarmKey } from "../federation/index.ts";
import { buildConfig, hasSetting, type SetupAnswers } from "./buildConfig.ts";
import { curlExample, serverUrl } from "./curlExample.ts";
import type { FetchProgress, SetupProviders } from "./setupProviders.ts";

/** A one-line progress display for the download. */
export interface ProgressDisplay {
    update(progress: FetchProgress): void;
    done(): void;
}

export interface WizardOptions {
    readonly providers: SetupProviders;
    readonly configFile: string;
    /** The config file as it is now (empty on a first run); its other settings are kept. */
    readonly existing: Readonly<Record<string, unknown>>;
    readonly defaultWorkers: number;
    readonly defaultPort: number;
    /**
     * Draws the download's progress under `label`. Not clack's own progress bar: that one puts the
     * terminal in raw mode and ends the process with status 0 on Ctrl-C, where the wizard must cancel.
     */
    readonly progress: (label: string) => ProgressDisplay;
    /** Installs the background service for the written config; absent where none can be installed. */
    readonly installService?: () => Promise<string>;
    /** Why no background service is offered (no service manager runs here), told instead of the question. */
    readonly serviceUnavailable?: string;
}

export interface WizardResult {
    readonly config: Record<string, unknown>;
    readonly startServing: boolean;
}

/** Thrown inside the flow when the user presses Ctrl-C or Esc; nothing has been written then. */
class SetupCancelled extends Error {}

function answer<T>(value: T): Exclude<T, symbol> {
    if (prompts.isCancel(value)) throw new SetupCancelled();
    return value as Exclude<T, symbol>;
}

/**
 * The first-run wizard: machine, model (fetched with a progress bar), workers, bind address (a LAN
 * address gets a generated API key), federation and tools where this build has them, then the
 * config is written in one atomic step, the service offered, and serving started or explained.
 * Ctrl-C at any step before the write leaves the config file as it was. Resolves to null when cancelled.
 */
export async function runWizard(options: WizardOptions): Promise<WizardResult | null> {
    const interrupt = new AbortController();
    const onSigint = () => interrupt.abort();
    process.on("SIGINT", onSigint);
    try {
        return await flow(options, interrupt.signal);
    } catch (error) {
        if (error instanceof SetupCancelled || error instanceof CancelledError) {
            prompts.cancel(`Setup cancelled; ${options.configFile} was not changed.`);
            return null;
        }
        throw error;
    } finally {
        process.off("SIGINT", onSigint);
    }
}

async function flow(options: WizardOptions, signal: AbortSignal): Promise<WizardResult> {
    const { providers } = options;
    prompts.intro("local-swarm setup");
    prompts.note((await providers.describeHardware()).lines.join("\n"), "This machine");

    const modelOptions = await providers.modelOptions();
    let model: string;
    let suggestedWorkers = options.defaultWorkers;
    for (;;) {
        const index = answer(await prompts.select({
            message: "Which model should the workers run?",
            options: modelOptions.map((option, position) => ({
                value: position,
                label: position === 0 && option.ref != null ? `${option.label} (recommended)` : option.label,
                ...(option.hint != null ? { hint: option.hint } : {})
            }))
        }));
        const chosen = modelOptions[index]!;
        const ref = chosen.ref ?? answer(await prompts.text({
            message: "Path to a .gguf file, or an http(s) URL to download it from",
            validate: (value) => ((value ?? "").trim() === "" ? "Enter a path or a URL" : undefined)
        })).trim();
        suggestedWorkers = chosen.workers ?? options.defaultWorkers;
        try {
            model = await fetchWithProgress(providers, options.progress, ref, signal);
            break;
        } catch (error) {
            // A bad reference or a failed download: say why and ask again.
            if (!(error instanceof SwarmError) || error instanceof CancelledError) throw error;
            prompts.log.error(error.message);
        }
    }

    const workers = Number(answer(await prompts.text({
        message: "How many workers? Each answers every prompt; more workers need more memory (0 = as many as fit).",
        initialValue: String(suggestedWorkers),
        validate: (value) => (/^\d+$/.test(value ?? "") && Number(value) <= 64 ? undefined : "A whole number from 0 to 64")
    })));

    const lan = answer(await prompts.select({
        message: "Who may use the API?",
        options: [
            { value: false, label: "Only this machine", hint: "listens on 127.0.0.1" },
            { value: true, label: "Other machines on the network", hint: "listens on 0.0.0.0, with an API key" }
        ]
    }));
    const port = Number(answer(await prompts.text({
        message: "Port",
        initialValue: String(options.defaultPort),
        validate: (value) => (/^\d+$/.test(value ?? "") && Number(value) <= 65535 ? undefined : "A port number from 0 to 65535")
    })));
    const existingKey = typeof options.existing.apiKey === "string" ? options.existing.apiKey : undefined;
    const apiKey = lan ? existingKey ?? `ls-${crypto.randomBytes(24).toString("base64url")}` : undefined;
    if (apiKey != null) prompts.note(`${apiKey}\nEvery request must send it as "Authorization: Bearer <key>".`, "API key");

    let federation: boolean | undefined;
    let swarmSecret: string | undefined;
    if (hasSetting("federation")) {
        federation = answer(await prompts.confirm({ message: "Join the other local-swarm machines on this network (federation)?", initialValue: false }));
        if (federation) {
            const paste = answer(await prompts.select({
                message: "Swarm secret (every machine of one swarm shares it)",
                options: [
                    { value: false, label: "Generate a new one", hint: "this is the first machine" },
                    { value: true, label: "Paste the one from another machine" }
                ]
            }));
            swarmSecret = paste
                ? answer(await prompts.password({
                    message: "Swarm secret",
                    validate: (value) => ((value ?? "").trim().length >= minSecretLength ? undefined : `At least ${minSecretLength} characters`)
                })).trim()
                : SwarmKey.generateSecret();
            if (!paste) prompts.note(`${swarmSecret}\nGive it to each machine that should join: local-swarm setup, then paste it.`, "Swarm secret");
        }
    }
    const tools = hasSetting("tools")
        ? answer(await prompts.confirm({ message: "Let the models use tools (files in a workspace folder, shell commands)?", initialValue: false }))
        : undefined;

    const answers: SetupAnswers = {
        model, workers, host: lan ? "0.0.0.0" : "127.0.0.1", port,
        ...(apiKey != null ? { apiKey } : {}),
        ...(federation != null ? { federation } : {}),
        ...(swarmSecret != null ? { swarmSecret } : {}),
        ...(tools != null ? { tools } : {})
    };
    const config = buildConfig(options.existing, answers);
    const write = answer(await prompts.confirm({ message: `Write the config to ${options.configFile}?`, initialValue: true }));
    if (!write) throw new SetupCancelled();
    writeConfigFile(options.configFile, config);
    prompts.log.success(`Config written to ${options.configFile}`);

    if (options.installService != null) {
        const install = answer(await prompts.confirm({ message: "Install local-swarm as a background service (starts at boot)?", initialValue: false }));
        if (install) {
            try {
                prompts.log.success(await options.installService());
            } catch (error) {
                prompts.log.warn(`The service was not installed: ${(error as Error).message}`);
            }
        }
    } else if (options.serviceUnavailable != null) {
        prompts.log.info(`No background service is offered: ${options.serviceUnavailable}.`);
    }
    const startServing = answer(await prompts.confirm({ message: "Start serving now?", initialValue: true }));
    prompts.outro([
        `API: ${serverUrl(answers.host, port)}/v1 (OpenAI-compatible)${startServing ? "" : "; start it with: local-swarm serve"}`,
        "Try it:",
        curlExample(answers.host, port, apiKey)
    ].join("\n"));
    return { config, startServing };
}

async function fetchWithProgress(providers: SetupProviders, progress: WizardOptions["progress"], ref: string, signal: AbortSignal): Promise<string> {
    prompts.log.step(`Fetching ${ref} (Ctrl-C cancels)`);
    const bar = progress("│ ");
    try {
        const model = await providers.fetchModel(ref, (update) => bar.update(update), signal);
        bar.done();
        prompts.log.success(`Model ready: ${model}`);
        return model;
    } catch (error) {
        bar.done();
        throw error;
    }
}
