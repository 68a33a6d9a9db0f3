import { acronymDefinitions, candidateChunks, type Chunk } from './chunks';
import { conceptKey } from './keys';
import { analyse, type Sentence } from './nlp';
import { prepareText } from './text';
import type { ExtractInput, MethodMention } from './types';

export interface Acronym {
  short: string;
  long: string;
  /** Key of the long form: the concept the acronym stands for. */
  key: string;
}

/** One paper read once: sentences (title first), their noun chunks, and the acronyms it defines. */
export interface AnalysedPaper {
  sentences: Sentence[];
  /** How many of `sentences` come from the title. */
  titleSentences: number;
  chunks: Chunk[][];
  /** Per sentence, every noun phrase (single common nouns too) with the longer task phrases: what concepts read. */
  candidates: Chunk[][];
  /** By the key of the short form ("moe"). */
  acronyms: Map<string, Acronym>;
  /** Other names the paper gives one thing: the key of "Adversarial AutoMixup" → that of "AdAutomixup". */
  sameAs: Map<string, string>;
}

/** Longest abstract read, in characters: past this, prose is rarely an abstract and costs time for nothing. */
const MAX_ABSTRACT_CHARS = 20_000;

export function analysePaper(paper: ExtractInput): AnalysedPaper {
  const title = analyse(prepareText(paper.title));
  const abstract = analyse(prepareText(paper.abstract.slice(0, MAX_ABSTRACT_CHARS)));
  const sentences = [...title, ...abstract];
  const acronyms = new Map<string, Acronym>();
  for (const sentence of sentences) {
    for (const def of acronymDefinitions(sentence)) {
      const short = conceptKey(def.short);
      if (!acronyms.has(short)) acronyms.set(short, { short: def.short, long: def.long, key: conceptKey(def.long) });
    }
  }
  const chunked = sentences.map(candidateChunks);
  return {
    sentences,
    titleSentences: title.length,
    chunks: chunked.map((c) => c.kept),
    candidates: chunked.map((c) => c.all),
    acronyms,
    sameAs: new Map(),
  };
}

/** The key a phrase stands for in this paper: an acronym it defines resolves to the expansion. */
export function resolveKey(paper: AnalysedPaper, key: string): string {
  return paper.sameAs.get(key) ?? paper.acronyms.get(key)?.key ?? key;
}

/** Every name of a method the paper proposes is one concept, keyed as the method's own name resolves. */
export function registerMethodNames(paper: AnalysedPaper, methods: MethodMention[]): void {
  for (const method of methods) {
    if (method.role !== 'PROPOSES') continue;
    const target = resolveKey(paper, method.key);
    for (const alias of method.aliases) {
      const key = conceptKey(alias);
      if (key !== target && !paper.acronyms.has(key)) paper.sameAs.set(key, target);
    }
  }
}
