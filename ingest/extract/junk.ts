import { isNameLike } from './keys';
import { ADJECTIVAL_ING, BOILERPLATE_WORDS, FUNCTION_WORDS, GENERIC_HEADS, GENERIC_PHRASES, SECTION_LABELS, VENUES } from './lexicon';
import type { Sentence, Word } from './nlp';

/**
 * Why a candidate phrase is not an entity. Codes are stable (the API reports them for a name that was seen but
 * filtered); `FILTER_REASONS` says each in words.
 */
export type FilterReason =
  | 'QUANTITY'
  | 'VERB_LED'
  | 'DETERMINER'
  | 'GENERIC_HEAD'
  | 'GENERIC'
  | 'BOILERPLATE'
  | 'GLUED_LABEL'
  | 'TITLE_PREFIX'
  | 'COMMON_WORD'
  | 'CITATION'
  | 'RARE';

export const FILTER_REASONS: Record<FilterReason, string> = {
  QUANTITY: 'a number with a unit ("100B tokens"), not a concept',
  VERB_LED: 'a clause led by a verb ("Fitting such functions"), not a name',
  DETERMINER: 'contains a determiner or pronoun ("such functions"), so it points at something rather than naming it',
  GENERIC_HEAD: 'its head noun names nothing on its own ("actual runs", "key aspects")',
  GENERIC: 'a generic phrase of scientific prose ("proposed method", "difficult task")',
  BOILERPLATE: 'publisher or licence boilerplate (copyright lines, "Wiley Periodicals")',
  GLUED_LABEL: 'a section label glued to a word ("AbstractWe")',
  TITLE_PREFIX: 'a title phrase that opens with a function word ("And That\'s A Fact"), not a name',
  CITATION: 'a citation or a venue ("Bun et al", "NeurIPS"), not a concept',
  COMMON_WORD: 'a single common word that no title or "X method"-like phrase makes a term in the papers seen',
  RARE: 'seen in one paper only, never in a title and not a name: too little evidence for a corpus entity',
};

/** A number with a unit of count or size: "100B", "7B", "10K", "2x", "1.5M", "50%". */
const QUANTITY = /^\d[\d.,]*(k|m|b|t|bn|x|×|%|gb|mb|tb|kb|ms|h)?$/i;
const GLUED_LABEL = new RegExp(`^(${SECTION_LABELS.join('|')})\\p{Lu}\\p{Ll}`, 'u');
const ROLE_MODIFIERS = new Set(['baseline', 'prior', 'previous', 'existing', 'competing', 'alternative', 'other', 'related', 'classical', 'classic', 'traditional', 'conventional', 'standard', 'current', 'typical', 'common', 'popular', 'mainstream']);
const ADJECTIVE_ENDING = /(ive|ic|al|ous|able|ible|ful|less|ary)$/;
const DETERMINERS = new Set(['such', 'this', 'these', 'those', 'that', 'its', 'their', 'our', 'his', 'her', 'any', 'each', 'every']);
/** Heads that, with only adjectives before them, make a generic phrase ("difficult task", "practical application"). */
const HOLLOW_HEADS = new Set(['task', 'problem', 'application', 'issue', 'challenge', 'setting', 'case', 'question', 'scenario', 'situation']);
/** A sentence of publisher or licence text: every phrase in it is boilerplate. */
const BOILERPLATE_SENTENCE = /©|\bcopyright\b|all rights reserved|\bpublished by\b|\blicen[cs]ee\b|creative commons|\bperiodicals\b/i;

/** Read once per sentence: every phrase of the sentence asks. */
const boilerplateSentences = new WeakMap<Sentence, boolean>();

function isBoilerplateSentence(sentence: Sentence): boolean {
  let found = boilerplateSentences.get(sentence);
  if (found === undefined) {
    found = BOILERPLATE_SENTENCE.test(sentence.text);
    boilerplateSentences.set(sentence, found);
  }
  return found;
}

export function isBoilerplateText(text: string): boolean {
  return BOILERPLATE_SENTENCE.test(text) || text.split(/\s+/).some((w) => isBoilerplateWord({ text: w, lower: w.toLowerCase(), pos: 'PROPN' }));
}

/** A section label glued to the next word ("AbstractWe"): sources that drop the line break between them. */
export function isGluedLabel(word: string): boolean {
  return GLUED_LABEL.test(word);
}

function singular(word: string): string {
  return word.replace(/s$/, '');
}

/**
 * Why the phrase `words[start, end)` of a sentence is junk, or undefined when it may name an entity. `key` is its
 * canonical key.
 */
export function junkReason(
  sentence: Sentence,
  start: number,
  end: number,
  key: string,
  inTitle = false,
  taskPhrase = false,
): FilterReason | undefined {
  const words = sentence.words.slice(start, end);
  // "Position: …", "Survey: …": a label before the title's colon.
  if (inTitle && start === 0 && end === 1 && sentence.words[1]?.text === ':') return 'TITLE_PREFIX';
  if (isBoilerplateSentence(sentence) || words.some(isBoilerplateWord)) return 'BOILERPLATE';
  if (words.some((w) => isGluedLabel(w.text))) return 'GLUED_LABEL';
  if (/\bet al\b/.test(key) || words.some((w) => VENUES.has(w.lower))) return 'CITATION';
  if (QUANTITY.test(words[0].text) && words.length > 1) return 'QUANTITY';
  // "any-level descriptions": a determiner inside a hyphenated word too.
  if (words.some((w) => w.pos === 'DET' || w.pos === 'PRON' || DETERMINERS.has(w.lower) || DETERMINERS.has(w.lower.split('-')[0]))) {
    return 'DETERMINER';
  }
  // A task phrase is a gerund with its object by design ("for computing optical flow").
  if (!taskPhrase && isVerbLed(sentence, start, end)) return 'VERB_LED';
  if (GENERIC_PHRASES.has(key)) return 'GENERIC';
  const head = key.slice(key.lastIndexOf(' ') + 1);
  const modifiers = words.slice(0, -1);
  if (GENERIC_HEADS.has(head)) return 'GENERIC_HEAD';
  // "Contrastive", "Realistic": an adjective alone (title case makes the tagger call it a name).
  // A noun with such an ending ("retrieval", "removal") is no adjective: the tagger tells them apart in running text.
  if (words.length === 1 && words[0].pos !== 'NOUN' && !isNameLike(words[0].text) && ADJECTIVE_ENDING.test(words[0].lower)) {
    return 'COMMON_WORD';
  }
  // "difficult task" is generic, "ranking problem" (a gerund the tagger reads as an adjective) is not.
  const evaluative = (w: Word) => (w.pos === 'ADJ' || w.pos === 'VERB') && (!/[a-z]ing$/.test(w.lower) || ADJECTIVAL_ING.has(w.lower));
  if (HOLLOW_HEADS.has(head) && modifiers.length > 0 && modifiers.every(evaluative)) {
    return 'GENERIC';
  }
  // "baseline methods", "prior approaches": a role, not a method.
  if (GENERIC_PHRASES.has(head) && modifiers.length > 0 && modifiers.every((w) => ROLE_MODIFIERS.has(w.lower))) return 'GENERIC';
  return undefined;
}

/** "Wiley Periodicals", "© 2023 Elsevier": a capitalised publisher word, or a licence word in any case. */
function isBoilerplateWord(word: Word): boolean {
  const lower = word.lower;
  if (!BOILERPLATE_WORDS.has(lower) && !BOILERPLATE_WORDS.has(singular(lower))) return false;
  return /^\p{Lu}/u.test(word.text) || ['copyright', 'licensee', 'periodicals'].includes(lower);
}

/**
 * A gerund that opens a clause and takes an object ("Fitting such functions …", "Towards understanding deep
 * learning") is a verb, not part of a name. A gerund inside a compound ("learning rate", "language understanding")
 * is not caught: a noun or adjective precedes it, or no object follows it.
 */
function isVerbLed(sentence: Sentence, start: number, end: number): boolean {
  const first = sentence.words[start];
  if (!/[a-z]ing$/.test(first.lower) || FUNCTION_WORDS.has(first.lower) || NOUNS_IN_ING.has(first.lower)) return false;
  const before = sentence.words[start - 1];
  const opensClause = !before || !['NOUN', 'PROPN', 'ADJ', 'NUM'].includes(before.pos) || /^[:("'“,;]$/.test(before.text);
  if (!opensClause) return false;
  const next = sentence.words[start + 1];
  if (end - start === 1) return !!next && ['DET', 'ADJ', 'NOUN', 'PROPN', 'PRON'].includes(next.pos);
  const atStart = !before || /^[:("'“]$/.test(before.text);
  if (atStart) return end - start >= 3 || ['ADJ', 'DET'].includes(next?.pos ?? '');
  // "towards understanding deep networks": a gerund with its object after a function word.
  return FUNCTION_WORDS.has(before.lower) && ['ADJ', 'DET'].includes(next?.pos ?? '');
}

/** Words in -ing that are nouns, not gerunds. */
const NOUNS_IN_ING = new Set(['string', 'thing', 'king', 'ring', 'spring', 'ceiling', 'wing', 'building', 'setting', 'meeting', 'painting', 'morning', 'evening', 'nothing', 'something', 'anything', 'everything', 'bing', 'beijing', 'xing', 'ming', 'ping', 'ling', 'qing', 'jing', 'ying']);

/**
 * A title prefix or method name that opens with a function word ("And That's A Fact", "Towards Better X") or holds
 * an apostrophe clause is a phrase of the title, not a name.
 */
export function isTitlePhrase(name: string): boolean {
  const words = name.split(/\s+/);
  return FUNCTION_WORDS.has(words[0].toLowerCase()) || /\w['’](s|re|t|ll|ve|d)\b/i.test(name) && words.length > 1;
}
