import * as prompts from "@clack/prompts";
import crypto from "node:crypto";
import { writeConfigFile } from "../config/index.ts";
import { CancelledError, SwarmError } from "../errors.ts";
import { minSecretLength, SwarmKey } from "../federation/index.ts";
import { buildConfig, hasSetting, type SetupAnswers } from "./buildConfig.ts";
import { curlExample, serverUrl } from "./curlExample.ts";
import { isLoopbackHost } from "../net/index.ts";
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
    const { providers, existing } = options;
    prompts.intro("local-swarm setup");
    prompts.note((await providers.describeHardware()).lines.join("\n"), "This machine");
    const current = typeof existing.model === "string" ? existing.model : undefined;
    const { model, hfEndpoint, suggestedWorkers } = await chooseModel(options, current, signal);
    const existingWorkers = typeof existing.workers === "number" ? existing.workers : undefined;
    const workers = Number(answer(await prompts.text({
        message: "How many workers? Each answers every prompt; more workers need more memory (0 = as many as fit).",
        initialValue: String((model === current ? existingWorkers : undefined) ?? suggestedWorkers ?? existingWorkers ?? options.defaultWorkers),
        validate: (value) => (/^\d+$/.test(value ?? "") && Number(value) <= 64 ? undefined : "A whole number from 0 to 64")
    })));
    const wasLan = typeof existing.host === "string" && !isLoopbackHost(existing.host);
    const lan = answer(await prompts.select({
        message: "Who may use the API?",
        initialValue: wasLan,
        options: [
            { value: false, label: "Only this machine", hint: "listens on 127.0.0.1" },
            { value: true, label: "Other machines on the network", hint: "listens on 0.0.0.0, with an API key" }
        ]
    }));
    const port = Number(answer(await prompts.text({
        message: "Port",
        initialValue: String(typeof existing.port === "number" ? existing.port : options.defaultPort),
        validate: (value) => (/^\d+$/.test(value ?? "") && Number(value) <= 65535 ? undefined : "A port number from 0 to 65535")
    })));
    const existingKey = typeof existing.apiKey === "string" ? existing.apiKey : undefined;
    const apiKey = lan ? existingKey ?? `ls-${crypto.randomBytes(24).toString("base64url")}` : undefined;
    if (apiKey != null) prompts.note(`${apiKey}\nEvery request must send it as "Authorization: Bearer <key>".`, "API key");

    let federation: boolean | undefined;
    let swarmSecret: string | undefined;
    // Federation is among machines on the network: "only this machine" turns it off without asking.
    if (hasSetting("federation")) federation = lan && await askFederation(existing);
    if (federation === true) swarmSecret = await askSwarmSecret(existing);
    const tools = hasSetting("tools")
        ? answer(await prompts.confirm({ message: "Let the models use tools (files in a workspace folder, shell commands)?", initialValue: existing.tools === true }))
        : undefined;

    const answers: SetupAnswers = {
        model, workers, host: lan ? "0.0.0.0" : "127.0.0.1", port,
        ...(apiKey != null ? { apiKey } : {}),
        ...(federation != null ? { federation } : {}),
        ...(swarmSecret != null ? { swarmSecret } : {}),
        ...(hfEndpoint != null ? { hfEndpoint } : {}),
        ...(tools != null ? { tools } : {})
    };
    const config = buildConfig(existing, answers);
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

interface ChosenModel {
    readonly model: string;
    /** A Hugging Face mirror the user chose when the default endpoint could not be reached. */
    readonly hfEndpoint: string | undefined;
    readonly suggestedWorkers: number | undefined;
}

/**
 * The model step: pick from the list (the current model preselected), or give a file on this
 * machine or a URL. A path is asked again until it names a file. When the model cannot be fetched,
 * the wizard says why and offers the next steps right there, keeping the choice: try again, a file
 * on this machine, a Hugging Face mirror, or another model from the list.
 */
async function chooseModel(options: WizardOptions, current: string | undefined, signal: AbortSignal): Promise<ChosenModel> {
    const { providers } = options;
    const modelOptions = await providers.modelOptions(current);
    let hfEndpoint: string | undefined;
    for (;;) {
        const index = answer(await prompts.select({
            message: "Which model should the workers run?",
            initialValue: 0,
            options: modelOptions.map((option, position) => ({ value: position, label: option.label, ...(option.hint != null ? { hint: option.hint } : {}) }))
        }));
        const chosen = modelOptions[index]!;
        let ref = chosen.ref ?? (chosen.ask === "file" ? await askLocalFile(providers) : await askRemote());
        for (;;) {
            try {
                const model = await fetchWithProgress(providers, options.progress, ref, hfEndpoint, signal);
                return { model, hfEndpoint, suggestedWorkers: chosen.workers };
            } catch (error) {
                if (!(error instanceof SwarmError) || error instanceof CancelledError) throw error;
                prompts.log.error(error.message);
            }
            const next = answer(await prompts.select({
                message: "What now?",
                options: [
                    { value: "retry", label: "Try again" },
                    { value: "file", label: "Use a model file on this machine", hint: "a .gguf you already have" },
                    ...(providers.usesHuggingFace(ref)
                        ? [{ value: "mirror", label: "Download it through a Hugging Face mirror", hint: "saved as the hfEndpoint setting" }]
                        : []),
                    { value: "list", label: "Choose another model" }
                ]
            }));
            if (next === "list") break;
            if (next === "file") ref = await askLocalFile(providers);
            if (next === "mirror") hfEndpoint = await askMirror();
        }
    }
}

/** A path typed until it names a file; resolves to that file's absolute path (`~` expanded). */
async function askLocalFile(providers: SetupProviders): Promise<string> {
    return providers.localFile(answer(await prompts.text({
        message: "Path to the .gguf file (~ is your home folder)",
        validate: (value) => {
            if ((value ?? "").trim() === "") return "Enter a path";
            try {
                providers.localFile(value ?? "");
                return undefined;
            } catch (error) {
                if (error instanceof SwarmError) return error.message;
                throw error;
            }
        }
    })));
}

async function askRemote(): Promise<string> {
    return answer(await prompts.text({
        message: "An http(s) URL of a .gguf file, or hf:<org>/<repo>/<file>.gguf",
        validate: (value) => ((value ?? "").trim() === "" ? "Enter a URL or an hf: reference" : undefined)
    })).trim();
}

async function askMirror(): Promise<string> {
    return answer(await prompts.text({
        message: "Address of the Hugging Face mirror (it serves <org>/<repo>/resolve/main/<file> like huggingface.co)",
        placeholder: "https://hf-mirror.example",
        validate: (value) => (/^https?:\/\/\S+$/i.test((value ?? "").trim()) ? undefined : "An http(s) address")
    })).trim().replace(/\/+$/, "");
}

async function askFederation(existing: Readonly<Record<string, unknown>>): Promise<boolean> {
    return answer(await prompts.confirm({ message: "Join the other local-swarm machines on this network (federation)?", initialValue: existing.federation === true }));
}

async function askSwarmSecret(existing: Readonly<Record<string, unknown>>): Promise<string> {
    const kept = typeof existing.swarmSecret === "string" && existing.swarmSecret.length >= minSecretLength ? existing.swarmSecret : undefined;
    const how = answer(await prompts.select({
        message: "Swarm secret (every machine of one swarm shares it)",
        options: [
            ...(kept != null ? [{ value: "keep", label: "Keep the current one" }] : []),
            { value: "generate", label: "Generate a new one", hint: "this is the first machine" },
            { value: "paste", label: "Paste the one from another machine" }
        ]
    }));
    if (how === "keep" && kept != null) return kept;
    if (how === "paste")
        return answer(await prompts.password({
            message: "Swarm secret",
            validate: (value) => ((value ?? "").trim().length >= minSecretLength ? undefined : `At least ${minSecretLength} characters`)
        })).trim();
    const secret = SwarmKey.generateSecret();
    prompts.note(`${secret}\nGive it to each machine that should join: local-swarm setup, then paste it.`, "Swarm secret");
    return secret;
}

async function fetchWithProgress(providers: SetupProviders, progress: WizardOptions["progress"], ref: string, hfEndpoint: string | undefined, signal: AbortSignal): Promise<string> {
    prompts.log.step(providers.isLocal(ref) ? `Checking ${ref}` : `Fetching ${ref}${hfEndpoint != null ? ` from ${hfEndpoint}` : ""} (Ctrl-C cancels)`);
    const bar = progress("│ ");
    try {
        const model = await providers.fetchModel(ref, hfEndpoint, (update) => bar.update(update), signal);
        bar.done();
        prompts.log.success(`Model ready: ${model}`);
        return model;
    } catch (error) {
        bar.done();
        throw error;
    }
}
