const storageKey = "local-swarm.apiKey";

/**
 * This server's API as the page calls it. When the server wants an API key, the user is asked once
 * (`askForKey`) and the key is kept in sessionStorage: this tab only, gone when it closes.
 */
export class ApiClient {
    readonly #askForKey: (problem: string | null) => void;
    #key: string | null = sessionStorage.getItem(storageKey);
    #waiting: (() => void)[] = [];

    constructor(askForKey: (problem: string | null) => void) {
        this.#askForKey = askForKey;
    }

    /** A fetch with the key; on 401 it waits for the user's key and tries again. */
    async fetch(path: string, init: RequestInit = {}): Promise<Response> {
        for (;;) {
            const headers = new Headers(init.headers);
            if (this.#key != null) headers.set("authorization", `Bearer ${this.#key}`);
            const response = await fetch(path, { ...init, headers });
            if (response.status !== 401) return response;
            await response.body?.cancel();
            await new Promise<void>((resolve) => {
                this.#waiting.push(resolve);
                this.#askForKey(this.#key == null ? null : "The server refused that key.");
            });
        }
    }

    setKey(key: string): void {
        this.#key = key;
        sessionStorage.setItem(storageKey, key);
        for (const resume of this.#waiting.splice(0)) resume();
    }
}
