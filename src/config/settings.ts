/**
 * Every setting local-swarm has, in one table: its name, kind, default and a one-line description.
 * A value comes from (highest first) a command-line flag `--kebab-name`, an environment variable
 * `LOCAL_SWARM_SNAKE_NAME`, the config file (camelCase key), then the default here.
 * `--help` and the setup wizard print from this table.
 */
export type SettingKind = "string" | "integer" | "number" | "boolean" | "list";

interface SettingBase<K extends SettingKind, T> {
    readonly kind: K;
    readonly default: T;
    readonly description: string;
    /** Allowed values (strings only). */
    readonly choices?: readonly string[];
    readonly min?: number;
    readonly max?: number;
    /** Never printed back (API keys, secrets). */
    readonly secret?: boolean;
}

export type SettingSpec =
    | SettingBase<"string", string | undefined>
    | SettingBase<"integer", number>
    | SettingBase<"number", number>
    | SettingBase<"boolean", boolean>
    | SettingBase<"list", readonly string[]>;

export const settingsTable = {
    // --- model and workers ---
    model: {
        kind: "string",
        default: undefined,
        description: "GGUF model to serve: a file path, hf:<org>/<repo>/<file>.gguf, an https URL or a catalog name (downloaded if missing); unset = the catalog model that fits this machine"
    },
    workers: {
        kind: "integer",
        default: 0,
        min: 0,
        max: 64,
        description: "Workers (parallel sequences on one shared copy of the model) that answer every prompt; 0 = as many as the memory budget allows (up to 3, 4 on a discrete GPU)"
    },
    threads: {
        kind: "integer",
        default: 0,
        min: 0,
        max: 1024,
        description: "CPU threads for llama.cpp; 0 = the cores really available to this process (cgroup limits included) less one for the server"
    },
    contextSize: {
        kind: "integer",
        default: 2048,
        min: 64,
        max: 1048576,
        description: "Context tokens per worker (clamped to the model's training context)"
    },
    gpu: {
        kind: "string",
        default: "auto",
        choices: ["auto", "cuda", "vulkan", "metal", "cpu"],
        description: "GPU backend for llama.cpp; auto picks the best one this machine has"
    },
    embeddingModel: {
        kind: "string",
        default: undefined,
        description: "GGUF model for /v1/embeddings and /api/embed (file path, hf: reference, URL or catalog name); unset = the served model's own weights"
    },
    // --- model catalog and downloads ---
    catalog: {
        kind: "string",
        default: undefined,
        description: "Extra model catalog JSON ({\"models\": [...]}) that adds to or overrides the built-in one"
    },
    hfEndpoint: {
        kind: "string",
        default: "https://huggingface.co",
        description: "Hugging Face base URL that hf: model references and catalog names download from"
    },
    hfToken: {
        kind: "string",
        default: undefined,
        secret: true,
        description: "Hugging Face access token for gated models (else $HF_TOKEN); sent only to the Hugging Face endpoint's host"
    },
    downloadTimeout: {
        kind: "integer",
        default: 60,
        min: 1,
        max: 3600,
        description: "Seconds a download may go without receiving data before it fails (it resumes on the next pull)"
    },
    // --- generation defaults ---
    maxTokens: {
        kind: "integer",
        default: 512,
        min: 1,
        max: 131072,
        description: "Default completion length when a request gives no max_tokens (thinking and answer together)"
    },
    thinkingBudget: {
        kind: "integer",
        default: 0,
        min: 0,
        max: 131072,
        description: "Tokens a worker of a thinking model may think before it must answer, unless a request sets thinking_budget; 0 = no budget of its own (max_tokens bounds thinking and answer together)"
    },
    temperature: {
        kind: "number",
        default: 0.7,
        min: 0,
        max: 2,
        description: "Default sampling temperature when a request gives none"
    },
    temperatureSpread: {
        kind: "number",
        default: 0.3,
        min: 0,
        max: 2,
        description: "Workers' temperatures are spread evenly over ±spread/2 around the request's, so their votes are independent"
    },
    // --- consensus ---
    strategy: {
        kind: "string",
        default: "auto",
        choices: ["auto", "answer", "similarity", "majority", "quality", "fastest", "judge", "json", "execution"],
        description: "Consensus strategy that picks the answer; auto chooses by what the answers look like"
    },
    streamMode: {
        kind: "string",
        default: "auto",
        choices: ["auto", "single", "segments", "whole"],
        description: "How streamed answers are voted when the request does not say: auto streams open text sentence by sentence (segments) and votes whole answers where it must"
    },
    weights: {
        kind: "string",
        default: undefined,
        description: "JSON file of per-model vote weights (as fit-weights writes); unset = every model votes 1"
    },
    abstainBelow: {
        kind: "number",
        default: 0,
        min: 0,
        max: 1,
        description: "Mark a decision `abstain` when its confidence is below this (0 = never)"
    },
    adaptive: {
        kind: "boolean",
        default: false,
        description: "Stop the remaining workers once the leading answer is decided (Beta rule)"
    },
    adaptiveStopAt: {
        kind: "number",
        default: 0.95,
        min: 0.5,
        max: 1,
        description: "Adaptive stopping: stop when P(leader beats runner-up) reaches this"
    },
    // --- running candidates' code (the execution strategy) ---
    executeCode: {
        kind: "boolean",
        default: false,
        description: "Let the execution strategy run the candidates' code against tests in the bubblewrap sandbox (it runs model-written code); auto then picks it for code answers"
    },
    executeTimeout: {
        kind: "number",
        default: 10,
        min: 0.5,
        max: 600,
        description: "Seconds one candidate's run (all its tests) may take before it is killed and scores zero"
    },
    executeTestTimeout: {
        kind: "number",
        default: 1,
        min: 0.05,
        max: 600,
        description: "Seconds one test of a candidate may take before it counts as failed"
    },
    executeMemory: {
        kind: "integer",
        default: 512,
        min: 512,
        max: 65536,
        description: "MiB of memory (data segment) each run may use; Bun needs 512 to start"
    },
    // --- HTTP server ---
    host: {
        kind: "string",
        default: "127.0.0.1",
        description: "Address the API listens on"
    },
    port: {
        kind: "integer",
        default: 8000,
        min: 0,
        max: 65535,
        description: "TCP port the API listens on (0 = any free port)"
    },
    apiKey: {
        kind: "string",
        default: undefined,
        secret: true,
        description: "Bearer key every API request must carry (unset = no key)"
    },
    corsOrigins: {
        kind: "list",
        default: [],
        description: "Origins (scheme://host:port) whose web pages may call the API; every other cross-origin request is refused (no wildcard)"
    },
    metricsPublic: {
        kind: "boolean",
        default: false,
        description: "Serve /metrics without the API key to clients on this machine (loopback addresses); others still need the key"
    },
    ollamaPort: {
        kind: "integer",
        default: 0,
        min: 0,
        max: 65535,
        description: "Also serve the whole API on this port, as Ollama's clients expect it (11434 is Ollama's usual one); 0 = only --port"
    },
    maxRequestBytes: {
        kind: "integer",
        default: 4194304,
        min: 1024,
        max: 1073741824,
        description: "Largest request body in bytes; bigger ones get 413 before they are read"
    },
    queueSize: {
        kind: "integer",
        default: 16,
        min: 0,
        max: 10000,
        description: "Requests that may wait for the swarm; past this the API answers 429"
    },
    shutdownGrace: {
        kind: "integer",
        default: 10,
        min: 0,
        max: 15,
        description: "On SIGTERM, seconds the requests already running or queued may take to finish before they are cancelled"
    },
    requestTimeout: {
        kind: "integer",
        default: 600,
        min: 1,
        max: 86400,
        description: "Seconds a request may take, waiting included, before it is cancelled"
    },
    stallTimeout: {
        kind: "integer",
        default: 60,
        min: 1,
        max: 3600,
        description: "Seconds a worker may go without producing a token before its generation is failed and the worker recycled"
    },
    // --- tools ---
    tools: {
        kind: "boolean",
        default: false,
        description: "Enable the tool executor (read_file, write_file, execute_bash, webfetch) for the API and `ask --tools`"
    },
    workspace: {
        kind: "string",
        default: undefined,
        description: "Folder the tools may touch (unset = a workspace folder in the data dir)"
    },
    toolTimeout: {
        kind: "integer",
        default: 30,
        min: 1,
        max: 3600,
        description: "Seconds a tool call may run: an execute_bash command is then killed with everything it started, a webfetch cut off"
    },
    toolAllow: {
        kind: "list",
        default: [],
        description: "Programs execute_bash may run; when set, a command is one of them and its arguments, run without a shell (empty = a bash command line, any program not denied)"
    },
    toolDeny: {
        kind: "list",
        default: ["sudo", "su", "doas", "pkexec", "shutdown", "reboot", "poweroff", "halt", "mkfs", "mount", "umount", "chroot"],
        description: "Programs execute_bash refuses to run (a tripwire for mistakes: bash text can hide a program)"
    },
    // --- federation: nodes on the LAN vote as one swarm ---
    federation: {
        kind: "boolean",
        default: true,
        description: "Join the other local-swarm nodes that share the swarm secret (needs swarmSecret)"
    },
    swarmSecret: {
        kind: "string",
        default: undefined,
        secret: true,
        description: "Secret every node of one swarm shares (16+ characters); signs every peer request and announcement"
    },
    peer: {
        kind: "list",
        default: [],
        description: "A peer to join without discovery, host:port (repeatable; for VPNs, clouds, networks without multicast)"
    },
    mdns: {
        kind: "boolean",
        default: true,
        description: "Announce this node and find peers by mDNS on the LAN"
    },
    heartbeatInterval: {
        kind: "number",
        default: 5,
        min: 0.1,
        max: 3600,
        description: "Seconds between peer health checks; a peer that fails two in a row leaves the swarm until it answers again"
    },
    peerDeadline: {
        kind: "number",
        default: 120,
        min: 0.1,
        max: 86400,
        description: "Seconds a federated vote waits for each peer; a slower peer's vote is dropped"
    },
    federateBelow: {
        kind: "number",
        default: 1,
        min: 0,
        max: 1,
        description: "Ask the peers only when this node's own vote is less confident than this (1 = always ask; lower saves the network and batteries)"
    },
    // --- general ---
    logLevel: {
        kind: "string",
        default: "info",
        choices: ["error", "warn", "info", "debug"],
        description: "How much the server logs; info includes one access-log line per request"
    },
    logFormat: {
        kind: "string",
        default: "text",
        choices: ["text", "json"],
        description: "Log lines as text, or as one JSON object a line (for journald and log shippers)"
    }
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof settingsTable;

type ValueOf<S extends SettingSpec> =
    S extends SettingBase<"string", string | undefined>
        ? S["choices"] extends readonly (infer C)[] ? C : S["default"] extends string ? string : string | undefined
        : S extends SettingBase<"list", readonly string[]> ? readonly string[]
        : S extends SettingBase<"boolean", boolean> ? boolean
        : number;

/** Resolved settings: every name has a value of its kind. */
export type Settings = { -readonly [K in SettingName]: ValueOf<(typeof settingsTable)[K]> };
