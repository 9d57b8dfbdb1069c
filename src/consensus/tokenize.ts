/** Words, numbers and single punctuation marks, lower-cased: the units similarity and repetition count. */
export function tokenize(text: string): string[] {
    return text.toLowerCase().match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}
