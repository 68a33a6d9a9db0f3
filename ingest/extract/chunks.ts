import { abbreviationOf, conceptKey, isNameLike } from './keys';
import { ADJECTIVAL_ING, CLAUSE_VERBS, GENERIC_MODIFIERS, GENERIC_PHRASES, METHOD_HEADS, METRIC_HEADS, METRIC_NAMES, METRIC_TAILS, TASK_HEADS, TYPE_HEADS } from './lexicon';
import type { Sentence, Word } from './nlp';
import type { ConceptKind } from './types';

/** A candidate phrase: words [start, end) of a sentence, generic leading modifiers already dropped. */
export interface Chunk {
  start: number;
  end: number;
  text: string;
  key: string;
  /** Set when the pattern itself says what the phrase names ("for computing optical flow" is a task). */
  kind?: ConceptKind;
}

/** Longest phrase kept: longer runs keep their last words, where the head is. */
const MAX_WORDS = 5;

const NOMINAL = new Set(['NOUN', 'PROPN']);

function isHead(word: Word): boolean {
  return NOMINAL.has(word.pos) && /\p{L}/u.test(word.text) && !CLAUSE_VERBS.has(word.lower);
}

function isModifier(word: Word, next: Word | undefined): boolean {
  if (!/[\p{L}\p{N}]/u.test(word.text)) return false;
  if (NOMINAL.has(word.pos) || word.pos === 'ADJ') return !CLAUSE_VERBS.has(word.lower);
  if (word.pos === 'NUM') return true;
  // Past participles modify a following noun: "mixed samples", "hidden Markov models" (a gerund starts a clause).
  return word.pos === 'VERB' && /(ed|[^e]en)$/.test(word.lower) && !CLAUSE_VERBS.has(word.lower) && !!next && isHead(next);
}

export function phraseText(words: Word[]): string {
  return words.map((w) => w.text).join(' ');
}

/**
 * Whether a phrase is worth a node: not generic, and a single word only when it reads as a name or compound, a
 * task noun ("segmentation") or an agent noun among method heads ("parser", "transformer"): other common nouns
 * alone ("machine", "field", "network") say too little.
 */
export function keepPhrase(words: Word[], key: string): boolean {
  if (key === '' || GENERIC_PHRASES.has(key) || !/\p{L}{2}/u.test(key)) return false;
  if (words.length > 1) return true;
  const agentNoun = METHOD_HEADS.has(key) && /(er|or)$/.test(key);
  return isNameLike(words[0].text) || words[0].text.includes('-') || agentNoun || TASK_HEADS.has(key);
}

/** Words before a noun phrase: a gerund after them is a noun ("the parsing algorithm", "efficient parsing"). */
const POSSESSIVES = new Set(['our', 'their', 'its', 'his', 'her', 'my', 'your']);

/**
 * What a gerund wink tags VERB does in a noun phrase, if anything. wink's tagger reads every -ing word as a verb, so
 * "a parsing algorithm", "efficient parsing strategies" and "we use boosting." would yield no phrase: an -ing word is
 * a modifier when a determiner, possessive, adjective or number precedes it and a noun follows, or when a method
 * or type head follows ("boosting method", "Parsing algorithms are…"), unless a preposition precedes ("for learning
 * models" has learning as a verb); it is a head when that nominal context precedes, or when no object follows it
 * ("for tagging and decoding", "we use boosting.").
 */
function gerundRole(words: Word[], k: number): 'modifier' | 'head' | undefined {
  const word = words[k];
  if (word.pos !== 'VERB' || !/[a-z]ing$/.test(word.lower) || CLAUSE_VERBS.has(word.lower) || ADJECTIVAL_ING.has(word.lower)) return undefined;
  const before = words[k - 1];
  const next = words[k + 1];
  const nominalBefore =
    !!before && (['DET', 'ADJ', 'NUM'].includes(before.pos) || POSSESSIVES.has(before.lower)) && !CLAUSE_VERBS.has(before.lower);
  if (next && NOMINAL.has(next.pos) && /\p{L}/u.test(next.text)) {
    const typeHead = METHOD_HEADS.has(conceptKey(next.text)) || TYPE_HEADS.has(conceptKey(next.text));
    const verbBefore = !!before && (before.pos === 'ADP' || before.pos === 'PART' || before.pos === 'AUX' || before.lower === 'to');
    return nominalBefore || (typeHead && !verbBefore) ? 'modifier' : undefined;
  }
  if (nominalBefore && !['DET', 'PRON', 'ADJ', 'NUM'].includes(next?.pos ?? '')) return 'head';
  const noObject = !next || ['PUNCT', 'CCONJ', 'ADP', 'AUX', 'SCONJ'].includes(next.pos);
  const predicate = !!before && (before.pos === 'AUX' || before.pos === 'PART');
  return noObject && !predicate ? 'head' : undefined;
}

/** A gerund right after a noun compounds with it ("question answering", "language modeling") unless an object follows. */
function isCompoundGerund(words: Word[], j: number, chunkStart: number): boolean {
  const word = words[j];
  return (
    j > chunkStart &&
    word.pos === 'VERB' &&
    word.lower.endsWith('ing') &&
    !CLAUSE_VERBS.has(word.lower) &&
    NOMINAL.has(words[j - 1].pos) &&
    !['DET', 'PRON'].includes(words[j + 1]?.pos ?? '')
  );
}

/**
 * Noun phrases by part-of-speech pattern: (ADJ | NOUN | PROPN | NUM | participle)* (NOUN | PROPN | gerund), plus
 * longer task phrases built on them. Phrases `keepPhrase` rejects are left out but still serve as objects.
 */
export function nounChunks(sentence: Sentence): Chunk[] {
  return candidateChunks(sentence).kept;
}

/** Size adjectives that belong to a compound they precede ("large language model", "large vocabulary speech recognition"). */
const SIZE_ADJECTIVES = new Set(['large', 'small']);

/**
 * Every noun phrase of the sentence (`all`, single common nouns included: corpus-level termhood decides about them)
 * and those `keepPhrase` keeps on their own, with the longer task phrases (`kept`).
 */
export function candidateChunks(sentence: Sentence): { all: Chunk[]; kept: Chunk[] } {
  const { words } = sentence;
  const all: Chunk[] = [];
  let i = 0;
  while (i < words.length) {
    if (!isModifier(words[i], words[i + 1]) && !isHead(words[i]) && !gerundRole(words, i)) {
      i++;
      continue;
    }
    const head = (k: number) => isHead(words[k]) || isCompoundGerund(words, k, i) || gerundRole(words, k) === 'head';
    // "a mean-shift based clustering algorithm": "based" between nouns, not before "on", compounds like "-based".
    const basedCompound = (k: number) =>
      words[k].lower === 'based' && k > i && NOMINAL.has(words[k - 1].pos) && !!words[k + 1] && (isHead(words[k + 1]) || words[k + 1].pos === 'ADJ');
    const modifier = (k: number) => isModifier(words[k], words[k + 1]) || gerundRole(words, k) === 'modifier' || basedCompound(k);
    let j = i;
    while (j < words.length && (head(j) || modifier(j))) j++;
    let end = j;
    while (end > i && !head(end - 1)) end--;
    let start = Math.max(i, end - MAX_WORDS);
    while (start < end && isDroppedModifier(words, start, end)) start++;
    if (start < end) {
      const text = phraseText(words.slice(start, end));
      all.push({ start, end, text, key: conceptKey(text) });
    }
    i = Math.max(j, i + 1);
  }
  all.push(...acronymBridges(sentence, all));
  const kept = all.filter((c) => keepPhrase(words.slice(c.start, c.end), c.key));
  const longer = longerTaskPhrases(words, all);
  return { all: [...all, ...longer], kept: [...kept, ...longer] };
}

/**
 * A phrase an acronym definition interrupts: "Expectation Maximization (EM) algorithm", "machine translation (MT)
 * systems" name an expectation maximization algorithm and machine translation systems. The phrase spans the
 * parentheses; its text leaves them out.
 */
function acronymBridges(sentence: Sentence, chunks: Chunk[]): Chunk[] {
  const out: Chunk[] = [];
  const endingAt = new Map<number, Chunk>();
  const startingAt = new Map<number, Chunk>();
  for (const c of chunks) {
    if (!endingAt.has(c.end)) endingAt.set(c.end, c);
    if (!startingAt.has(c.start)) startingAt.set(c.start, c);
  }
  for (const def of acronymDefinitions(sentence)) {
    const before = endingAt.get(def.after - 3);
    const after = startingAt.get(def.after);
    if (!before || !after || after.end - before.start - 3 > MAX_WORDS) continue;
    const text = `${before.text} ${after.text}`;
    out.push({ start: before.start, end: after.end, text, key: conceptKey(text) });
  }
  return out;
}

/** Adjectives of degree before a measure. */
const DEGREE_ADJECTIVES = new Set(['high', 'higher', 'highest', 'low', 'lower', 'lowest', 'greater', 'greatest', 'small', 'smaller', 'smallest', 'reasonable', 'decreased', 'reduced', 'good', 'poor', 'excellent', 'comparable', 'competitive']);

/** Whether the phrase ending before word `end` names a measure ("accuracy", "word error rate", "BLEU score"). */
function isMeasure(words: Word[], end: number): boolean {
  const head = conceptKey(words[end - 1].text);
  const tail = conceptKey(words.slice(Math.max(0, end - 2), end).map((w) => w.text).join(' '));
  return METRIC_HEADS.has(head) || METRIC_TAILS.has(tail) || METRIC_NAMES.has(head);
}

/** A leading number or generic modifier says nothing about what the phrase names, unless it starts a compound. */
function isDroppedModifier(words: Word[], start: number, end: number): boolean {
  const word = words[start];
  if (word.pos === 'NUM') return true;
  // "state of the art HMM-based system", unhyphenated: "art" ends a modifier, it starts no phrase.
  if (word.lower === 'art' && words[start - 1]?.lower === 'the' && words[start - 2]?.lower === 'of') return true;
  // "high accuracy", "a lower word error rate": a degree says how much of a measure, not which measure.
  if (DEGREE_ADJECTIVES.has(word.lower) && end - start > 1 && isMeasure(words, end)) return true;
  if (!GENERIC_MODIFIERS.has(word.lower)) return false;
  return !(SIZE_ADJECTIVES.has(word.lower) && end - start >= 3 && !GENERIC_MODIFIERS.has(words[start + 1].lower));
}

/** Prepositions after which a gerund and its object name an activity: "for computing optical flow". */
const GERUND_PREPOSITIONS = new Set(['for', 'of', 'in', 'on', 'to', 'towards', 'toward']);
const MAX_TASK_WORDS = 8;
/** Gerunds that say what the authors do, not what task they address: "for performing X", "in developing X". */
const LIGHT_GERUNDS = new Set(['performing', 'developing', 'supporting', 'incorporating', 'utilizing', 'utilising', 'helping', 'bringing', 'taking', 'giving', 'doing', 'having', 'getting', 'putting', 'keeping', 'adding', 'introducing', 'proposing', 'presenting', 'applying', 'obtaining', 'producing', 'facilitating']);
/** Task heads that name no activity of their own: "the task of X" is X, not a task phrase. */
const HOLLOW_TASK_HEADS = new Set(['task', 'problem', 'application']);

/**
 * Task phrases longer than a noun chunk: a nominalised task and its object ("parsing of Korean",
 * "identification of entities", "analysis of plant growth", though "analysis" alone is generic), and a gerund with its
 * object after a preposition ("for computing optical flow").
 */
function longerTaskPhrases(words: Word[], objects: Chunk[]): Chunk[] {
  const startingAt = new Map(objects.map((c) => [c.start, c]));
  const objectAt = (i: number) => startingAt.get(words[i]?.pos === 'DET' ? i + 1 : i);
  const out: Chunk[] = [];
  const push = (start: number, object: Chunk, text: string) => {
    if (object.end - start <= MAX_TASK_WORDS) out.push({ start, end: object.end, text, key: conceptKey(text), kind: 'task' });
  };
  for (const chunk of objects) {
    const head = chunk.key.slice(chunk.key.lastIndexOf(' ') + 1);
    const object = words[chunk.end]?.lower === 'of' ? objectAt(chunk.end + 1) : undefined;
    if (object && TASK_HEADS.has(head) && !HOLLOW_TASK_HEADS.has(head)) push(chunk.start, object, `${chunk.text} of ${object.text}`);
  }
  for (let i = 1; i + 1 < words.length; i++) {
    const w = words[i];
    if (w.pos !== 'VERB' || !w.lower.endsWith('ing') || CLAUSE_VERBS.has(w.lower) || ADJECTIVAL_ING.has(w.lower)) continue;
    if (!GERUND_PREPOSITIONS.has(words[i - 1].lower) || LIGHT_GERUNDS.has(w.lower)) continue;
    const object = objectAt(i + 1);
    if (object) push(i, object, `${w.text} ${object.text}`);
  }
  return out;
}

export interface AcronymDefinition {
  short: string;
  long: string;
  /** Index of the word just after the closing parenthesis. */
  after: number;
}

const ACRONYM = /^(?=.*\p{Lu})[\p{L}\p{N}][\p{L}\p{N}&+.-]{1,11}$/u;
const LONG_FORM_STOP = new Set([',', ';', ':', '(', ')', '.', '[', ']']);

/** "Mixture-of-Experts (MoE)": a long form followed by its abbreviation in parentheses. */
export function acronymDefinitions(sentence: Sentence): AcronymDefinition[] {
  const { words } = sentence;
  const found: AcronymDefinition[] = [];
  for (let i = 1; i + 2 < words.length; i++) {
    if (words[i].text !== '(' || words[i + 2].text !== ')') continue;
    const short = words[i + 1].text;
    if (!ACRONYM.test(short) || /^\p{N}+$/u.test(short)) continue;
    const letters = short.replace(/[^\p{L}\p{N}]/gu, '').replace(/s$/, '').length;
    const window: string[] = [];
    for (let k = i - 1; k >= 0 && window.length < Math.min(letters + 5, letters * 2); k--) {
      if (LONG_FORM_STOP.has(words[k].text)) break;
      window.unshift(words[k].text);
    }
    const long = abbreviationOf(short.replace(/s$/, ''), window.join(' '));
    if (long && long.toLowerCase() !== short.toLowerCase() && /\s|-/.test(long)) {
      found.push({ short, long, after: i + 3 });
    }
  }
  return found;
}
