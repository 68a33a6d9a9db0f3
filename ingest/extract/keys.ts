import pluralize from 'pluralize';

/** Words pluralize gets wrong in this domain ("data" → "datum", "bias" → "bia", "Bayes"): kept as written. */
const KEEP_AS_IS = new Set(['data', 'bias', 'bayes', 'gas', 'lens', 'mass', 'news', 'physics', 'analytics', 'robotics', 'ethics']);

function singular(word: string): string {
  if (word.length < 4 || KEEP_AS_IS.has(word) || !/[a-z]s$/.test(word) || /(ss|us|is|ics)$/.test(word)) return word;
  return pluralize.singular(word);
}

/**
 * The canonical key of a phrase: NFKC, lower case, hyphens, slashes and underscores as spaces, other punctuation
 * dropped except inside names ("r&b", "c++"), every word singular. "Mixture-of-Experts" and "mixtures of experts"
 * share a key; acronym ↔ expansion is resolved by the caller, which knows the definitions.
 */
export function conceptKey(phrase: string): string {
  return phrase
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[-‐-―_/]+/g, ' ')
    .replace(/[^\p{L}\p{N}&+.' ]+/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])[.'&+]+|[.'&]+(?![\p{L}\p{N}])/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '')
    .map(singular)
    .join(' ');
}

/** A number with a unit or dimension ("400GB", "3D", "10K", "2x"): letters with digits, but not a name. */
const QUANTITY = /^\d+(\.\d+)?[\p{L}]{1,3}$/u;

/**
 * A word that reads as a name rather than an English word: an inner capital (AutoMix, MoE, BERT), letters with
 * digits (C3PO, GPT-4, TiVCoNiMn2), or letters joined by & or + (R&B); not a quantity ("400GB", "3D").
 */
export function isNameLike(word: string): boolean {
  if (!/\p{L}/u.test(word) || word.length < 2 || QUANTITY.test(word)) return false;
  const parts = word.split('-');
  return parts.some(
    (part) =>
      /^\p{L}.*\p{Lu}/u.test(part) || (/\p{L}/u.test(part) && /\p{N}/u.test(part)) || /\p{L}[&+]\p{L}/u.test(part),
  );
}

/**
 * Whether `short` abbreviates `long`, after Schwartz & Hearst (2003): the short form's letters and digits appear in
 * order in the long form, the first one at the start of a word, and every word of the long form contributes.
 * Returns the shortest tail of `long` that explains the abbreviation, or undefined.
 */
export function abbreviationOf(short: string, long: string): string | undefined {
  const s = short.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const l = long.toLowerCase();
  if (s.length < 2 || !/\p{L}/u.test(s[0])) return undefined;
  let si = s.length - 1;
  let li = l.length - 1;
  while (si >= 0) {
    const c = s[si];
    while (li >= 0 && (l[li] !== c || (si === 0 && li > 0 && /[\p{L}\p{N}]/u.test(l[li - 1])))) li--;
    if (li < 0) return undefined;
    si--;
    li--;
  }
  let start = li + 1;
  // A match inside a hyphenated word ("Multi-modality") takes the whole word.
  while (start > 0 && !/\s/u.test(long[start - 1])) start--;
  const tail = long.slice(start).trim();
  const words = tail.split(/[\s-]+/).filter((w) => w !== '');
  if (words.length > Math.min(s.length + 5, s.length * 2)) return undefined;
  return tail;
}
