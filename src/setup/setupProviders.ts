/**
 * What the wizard needs from the hardware and models domains, as replaceable functions: the
 * wizard's flow and the config it writes stay the same whichever implementation answers, and
 * tests can pass their own.
 */
export interface HardwareSummary {
    /** Lines shown under "This machine", e.g. CPU, memory, GPU, and the memory budget for models. */
    readonly lines: readonly string[];
}

export interface ModelOption {
    /** Shown in the list. */
    readonly label: string;
    /** Why (download size, fits or not, where it was found), shown beside the label. */
    readonly hint?: string;
    /** Value for the `model` setting; absent for the entries that ask for one. */
    readonly ref?: string;
    /** What to ask for when `ref` is absent: a file on this machine, or a URL / Hugging Face file. */
    readonly ask?: "file" | "remote";
    /** Worker count this option suggests. */
    readonly workers?: number;
}

export interface FetchProgress {
    readonly receivedBytes: number;
    readonly totalBytes?: number;
}

export interface SetupProviders {
    describeHardware(): Promise<HardwareSummary>;
    /** Choices for the model step: the current model (if any), the recommended one, files on this machine, the catalog. */
    modelOptions(current: string | undefined): Promise<readonly ModelOption[]>;
    /** The model file a typed path names (`~` expanded, relative to the current folder); throws a SwarmError saying why not. */
    localFile(typed: string): string;
    /** Whether a reference is a file on this machine (checked, not downloaded). */
    isLocal(ref: string): boolean;
    /** Whether a reference downloads from Hugging Face (a catalog name or hf:), so a mirror can serve it. */
    usesHuggingFace(ref: string): boolean;
    /**
     * Makes the model available locally (downloading it with progress if it is remote, from
     * `hfEndpoint` when given) and resolves to the value the config's `model` setting gets.
     */
    fetchModel(ref: string, hfEndpoint: string | undefined, onProgress: (progress: FetchProgress) => void, signal: AbortSignal): Promise<string>;
}
