import winkNLP, { type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** A word as the extractor sees it: wink tokens joined by hyphens without spaces ("Mixture-of-Experts") are one. */
export interface Word {
  text: string;
  /** Universal POS tag; a hyphenated compound takes its last part's noun tag, else ADJ ("information-based"). */
  pos: string;
  lower: string;
}

export interface Sentence {
  text: string;
  words: Word[];
}

const nlp = winkNLP(model, ['sbd', 'pos']);
const its = nlp.its;

const JOINERS = new Set(['-', '&', '+', '/', '.', "'"]);
/** Clitics wink splits off ("model's", "don't"): not part of the word before. */
const CLITIC = /^('|n't$)/i;

function isWordish(value: string): boolean {
  return /[\p{L}\p{N}]/u.test(value);
}

function compoundPos(parts: { value: string; pos: string }[]): string {
  const words = parts.filter((p) => isWordish(p.value));
  if (words.length === 0) return parts[0].pos;
  const last = words[words.length - 1];
  if (last.pos === 'NOUN' || last.pos === 'PROPN') return words.some((w) => w.pos === 'PROPN') ? 'PROPN' : 'NOUN';
  if (last.pos === 'NUM') return words[0].pos === 'NUM' ? 'NUM' : 'PROPN';
  return words.length > 1 ? 'ADJ' : last.pos;
}

/** Joins tokens that touch (no space between), directly ("3D") or through a hyphen or similar joiner, into one word. */
function toWords(values: string[], pos: string[], spaces: string[]): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < values.length) {
    const parts = [{ value: values[i], pos: pos[i] }];
    let j = i + 1;
    for (;;) {
      const previous = parts[parts.length - 1].value;
      if (j < values.length && spaces[j] === '' && isWordish(previous) && isWordish(values[j]) && !CLITIC.test(values[j])) {
        parts.push({ value: values[j], pos: pos[j] });
        j += 1;
      } else if (
        j + 1 < values.length &&
        JOINERS.has(values[j]) &&
        spaces[j] === '' &&
        spaces[j + 1] === '' &&
        isWordish(values[j + 1]) &&
        isWordish(previous)
      ) {
        parts.push({ value: values[j], pos: pos[j] }, { value: values[j + 1], pos: pos[j + 1] });
        j += 2;
      } else break;
    }
    const text = parts.map((p) => p.value).join('');
    if (pos[i] !== 'SPACE') words.push({ text, pos: parts.length > 1 ? compoundPos(parts) : pos[i], lower: text.toLowerCase() });
    i = j;
  }
  return words;
}

/** Sentences of a text with their words and part-of-speech tags (wink-nlp, English lite model). */
export function analyse(text: string): Sentence[] {
  const doc = nlp.readDoc(text);
  const sentences: Sentence[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const tokens = s.tokens();
    const words = toWords(tokens.out(its.value), tokens.out(its.pos), tokens.out(its.precedingSpaces));
    if (words.length > 0) sentences.push({ text: s.out(), words });
  });
  return sentences;
}
