/** Units written without a space that are dropped after a number ("12cm", "45°", "20%"); "12 apples" loses its word anyway. */
const unitPattern = /^(?:-?[\d.,/]+)\s*(?:\\?%|percent|degrees?|°|cm|mm|km|m|kg|g|mg|s|sec|seconds?|minutes?|hours?|days?|years?|units?|dollars?|cents?|inches|inch|feet|ft|miles?|meters?|metres?|liters?|litres?|l|ml)\.?$/i;

/**
 * Canonical form of a short final answer, so that answers that mean the same compare equal:
 * LaTeX wrappers, `\text{}`, `\left`/`\right`, spaces, `$`, a leading `x =`, thousands commas,
 * trailing zeros, units and the final period go; `\dfrac{1}{2}`, `\frac12` and `1/2` become `1/2`;
 * a lone multiple-choice letter becomes that upper-case letter.
 */
export function normalizeAnswer(raw: string): string {
    let text = raw.trim();
    const choice = /^\(?([A-Ea-e])[).:]?$/.exec(text) ?? /^\\(?:text|textbf|mathrm)\{\(?([A-Ea-e])\)?\}$/.exec(text);
    if (choice != null) return choice[1]!.toUpperCase();
    text = text
        .replace(/^\$+|\$+$/g, "")
        .replace(/\\(?:text|textbf|mathrm|mathbf|operatorname)\{([^{}]*)\}/g, "$1")
        .replace(/\\(?:left|right|[bB]ig{1,2}[lr]?|displaystyle|!|,|;|:|quad|qquad)(?![a-zA-Z])/g, "")
        .replace(/\\[dt]frac/g, "\\frac")
        .replace(/\^\s*\{?\\circ\}?/g, "")
        .replace(/\\%/g, "%")
        .replace(/\\\\/g, "")
        .replace(/\\(?=[\d-])/g, "")
        .trim()
        .replace(/^(-?[\d,]*\.?\d+)\s+[a-zA-Z][a-zA-Z ]*\.?$/, "$1")
        .replace(/\s+/g, "")
        .replace(/\.$/, "");
    text = text.replace(/^[a-zA-Z](?:\([a-z]\))?=(?!=)/, "").replace(/^\([a-z](?:,[a-z])+\)=/, "");
    text = fractions(text);
    if (unitPattern.test(text)) text = text.replace(/^(-?[\d.,/]+).*$/, "$1");
    if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
    if (/^-?(\d+\.?\d*|\.\d+)$/.test(text)) text = canonicalNumber(text);
    return unorderedList(text).toLowerCase();
}

/** `\frac{a}{b}`, `\frac ab` and `\frac{a}b` all become `a/b` (braces kept when a part is not atomic). */
function fractions(text: string): string {
    let previous: string;
    do {
        previous = text;
        text = text.replace(/\\frac(\{(?:[^{}]|\{[^{}]*\})*\}|[0-9a-zA-Z])(\{(?:[^{}]|\{[^{}]*\})*\}|[0-9a-zA-Z])/g, (_, top: string, bottom: string) => `${part(top)}/${part(bottom)}`);
    } while (text !== previous);
    return text;
}

function part(group: string): string {
    const inner = group.startsWith("{") ? group.slice(1, -1) : group;
    return /^-?[0-9a-zA-Z.]+$/.test(inner) || /^\\sqrt\{[^{}]*\}$/.test(inner) ? inner : `(${inner})`;
}

function canonicalNumber(text: string): string {
    const value = Number(text);
    if (!Number.isFinite(value)) return text;
    return String(Number(value.toPrecision(12)));
}

/** A bare comma list ("3,-1") or a set ("\\{3,-1\\}") lists solutions in no particular order: sort it. Tuples and intervals keep theirs. */
function unorderedList(text: string): string {
    const set = /^\\\{(.*)\\\}$/.exec(text);
    const body = set?.[1] ?? text;
    const parts = splitTopLevel(body);
    if (parts.length < 2) return text;
    const sorted = parts.map((item) => (/^-?(\d+\.?\d*|\.\d+)$/.test(item) ? canonicalNumber(item) : item)).sort().join(",");
    return set == null ? sorted : `\\{${sorted}\\}`;
}

/** Splits on commas outside any brackets; a text wrapped in one bracket pair is one part. */
function splitTopLevel(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    for (let index = 0; index < text.length; index++) {
        const char = text[index]!;
        if (char === "(" || char === "[" || char === "{") depth++;
        else if (char === ")" || char === "]" || char === "}") depth--;
        else if (char === "," && depth === 0) {
            parts.push(text.slice(start, index));
            start = index + 1;
        }
    }
    parts.push(text.slice(start));
    return parts;
}
