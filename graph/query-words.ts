/** Most words of a free-text query that a full-text search uses. */
const MAX_QUERY_WORDS = 256;

/** The lower-cased words of a text (runs of letters and digits), in order, repeats kept: the one tokeniser. */
export function textWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The distinct lower-cased words of a free-text query. Adapters build their full-text query from these alone, so no
 * query syntax of the backend (FTS5, Lucene) can leak in from user text.
 */
export function queryWords(text: string): string[] {
  return [...new Set(textWords(text))].slice(0, MAX_QUERY_WORDS);
}
