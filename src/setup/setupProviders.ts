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
    /** Why (size, memory, fit), shown beside the label. */
    readonly hint?: string;
    /** Value for the `model` setting; absent for "enter a path or URL". */
    readonly ref?: string;
    /** Worker count this option suggests. */
    readonly workers?: number;
}

export interface FetchProgress {
    readonly receivedBytes: number;
    readonly totalBytes?: number;
}

export interface SetupProviders {
    describeHardware(): Promise<HardwareSummary>;
    /** Choices for the model step, the recommended one first. */
    modelOptions(): Promise<readonly ModelOption[]>;
    /**
     * Makes the model available locally (downloading it with progress if it is remote) and resolves
     * to the value the config's `model` setting gets.
     */
    fetchModel(ref: string, onProgress: (progress: FetchProgress) => void, signal: AbortSignal): Promise<string>;
}
