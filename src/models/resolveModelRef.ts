import { InvalidRequestError } from "../errors.ts";
import { catalogFileName, type Catalog } from "./catalog.ts";
import type { ExpectedSize } from "./downloadModel.ts";
import { preferredQuants } from "./selectModel.ts";

/** Where a model reference downloads from and where it is kept under the models directory. */
export interface ModelSource {
    readonly url: string;
    /** Path under the models directory, `/`-separated: `hf/<org>/<repo>/<file>` or `url/<host>/<file>`. */
    readonly relativePath: string;
    readonly sha256?: string;
    /** True for Hugging Face sources: the token may go to the endpoint's host. */
    readonly huggingFace: boolean;
    readonly label: string;
    /** Catalog names: the file's size as the catalog records it, where it does. */
    readonly expectedSize?: ExpectedSize;
}

const segment = /^[\w.-]+$/;

/**
 * Resolves `hf:<org>/<repo>/<path/to/file>.gguf`, an `http(s)://…/<file>.gguf` URL, or a catalog
 * name `<id>[:<QUANT>]` (default: the best quantization the selector prefers for that model).
 */
export function resolveModelRef(ref: string, options: { readonly catalog: Catalog; readonly hfEndpoint: string }): ModelSource {
    const endpoint = endpointUrl(options.hfEndpoint);
    if (ref.startsWith("hf:")) {
        const parts = ref.slice(3).split("/");
        const [org = "", repo = "", ...file] = parts;
        if (parts.length < 3 || ![org, repo, ...file].every((part) => segment.test(part) && part !== "." && part !== "..") || !ref.endsWith(".gguf"))
            throw invalidRef(ref, "hf: references are hf:<org>/<repo>/<file>.gguf");
        return huggingFace(endpoint, org, repo, file.join("/"), undefined, ref);
    }
    if (/^https?:\/\//i.test(ref)) {
        let url: URL;
        try {
            url = new URL(ref);
        } catch {
            throw invalidRef(ref, "it is not a valid URL");
        }
        const file = decodeURIComponent(url.pathname.split("/").at(-1) ?? "");
        if (!file.endsWith(".gguf") || !segment.test(file)) throw invalidRef(ref, "a URL must end in a .gguf file name");
        // An IPv6 host's brackets and colons are not file-name characters.
        return { url: url.href, relativePath: `url/${url.hostname.replace(/[^\w.-]/g, "_")}/${file}`, huggingFace: false, label: file };
    }
    const [id = "", quant] = ref.split(":");
    const model = options.catalog.models.find((entry) => entry.id === id);
    if (model == null) throw invalidRef(ref, `there is no catalog model "${id}"; \`local-swarm models list\` shows the catalog`);
    const chosen = quant ?? preferredQuants(options.catalog, model)[0] ?? model.quants[0];
    if (chosen == null || !model.quants.includes(chosen)) throw invalidRef(ref, `${model.name} comes in ${model.quants.join(", ")}`);
    const [org = "", repo = ""] = model.repo.split("/");
    const size = model.sizes?.[chosen];
    const source = huggingFace(endpoint, org, repo, catalogFileName(model, chosen), model.sha256?.[chosen], `${model.name} ${chosen}`);
    return size == null ? source : { ...source, expectedSize: { bytes: size.bytes, tolerance: size.tolerance, text: size.text, source: model.sources?.files ?? model.repo } };
}

function huggingFace(endpoint: URL, org: string, repo: string, file: string, sha256: string | undefined, label: string): ModelSource {
    const base = endpoint.href.replace(/\/+$/, "");
    return {
        url: `${base}/${org}/${repo}/resolve/main/${file.split("/").map(encodeURIComponent).join("/")}`,
        relativePath: `hf/${org}/${repo}/${file}`,
        ...(sha256 != null ? { sha256: sha256.toLowerCase() } : {}),
        huggingFace: true,
        label
    };
}

export function endpointUrl(endpoint: string): URL {
    try {
        const url = new URL(endpoint);
        if (url.protocol === "http:" || url.protocol === "https:") return url;
    } catch {
        // reported below
    }
    throw new InvalidRequestError(`The Hugging Face endpoint "${endpoint}" is not an http(s) URL`, { code: "invalid_config", param: "hfEndpoint" });
}

function invalidRef(ref: string, why: string): InvalidRequestError {
    return new InvalidRequestError(
        `Cannot use model reference "${ref}": ${why}. Use hf:<org>/<repo>/<file>.gguf, an https URL of a .gguf file, or a catalog name.`,
        { code: "invalid_model_ref", param: "model" }
    );
}
