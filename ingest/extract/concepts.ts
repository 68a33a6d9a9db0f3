import { keepPhrase, type Chunk } from './chunks';
import { datasetMentions, entityType, typeHeadSplit } from './entities';
import { extractHyponyms } from './hyponyms';
import { junkReason, type FilterReason } from './junk';
import { DATASET_HEADS, METRIC_HEADS } from './lexicon';
import { resolveKey, type AnalysedPaper } from './paper';
import type { CorpusStats } from './stats';
import type { Concept, EntityType, FilteredPhrase, TypeEvidence } from './types';

export interface ConceptOptions {
  /** Document frequencies of the corpus: drop the too frequent, weight by IDF. */
  stats?: CorpusStats;
  /** Keep the strongest this many (default 25). */
  maxConcepts?: number;
}

/** Position weights: a phrase in the title says more about the paper than one in a later sentence. */
const TITLE_WEIGHT = 3;
const FIRST_SENTENCE_WEIGHT = 1.5;
/** Filtered phrases kept per paper (the most frequent reasons are the ones a user will ask about). */
const MAX_FILTERED = 40;

interface Tally {
  score: number;
  forms: Map<string, number>;
  preferred?: string;
  kind?: { type: EntityType; from: TypeEvidence };
  inTitle: boolean;
}

function add(tallies: Map<string, Tally>, key: string, form: string, score: number): Tally {
  let tally = tallies.get(key);
  if (!tally) {
    tally = { score: 0, forms: new Map(), inTitle: false };
    tallies.set(key, tally);
  }
  tally.score += score;
  tally.forms.set(form, (tally.forms.get(form) ?? 0) + 1);
  return tally;
}

function mostFrequent(forms: Map<string, number>): string {
  let best = '';
  let count = -1;
  for (const [form, n] of forms) {
    if (n > count || (n === count && form < best)) [best, count] = [form, n];
  }
  return best;
}

/**
 * Types the paper's own words state: "datasets such as CIFAR-100", "evaluated on ImageNet", "three benchmarks
 * (CIFAR-10, CIFAR-100, and ImageNet-1K)" make a data set; "metrics such as BLEU" a measure (is-a pairs, hyponyms.ts, are read for this only). ("CIFAR-100 dataset"
 * is read by the corpus step, which can tell it from "LLM benchmarks".)
 */
function contextTypes(paper: AnalysedPaper): Map<string, EntityType> {
  const types = new Map<string, EntityType>();
  for (const key of datasetMentions(paper)) types.set(resolveKey(paper, key), 'dataset');
  for (const h of extractHyponyms(paper)) {
    const head = h.broader.slice(h.broader.lastIndexOf(' ') + 1);
    if (DATASET_HEADS.has(head)) types.set(h.key, 'dataset');
    else if (METRIC_HEADS.has(head) || head === 'metric' || head === 'metrics') types.set(h.key, 'metric');
  }
  return types;
}

export interface ConceptResult {
  concepts: Concept[];
  filtered: FilteredPhrase[];
}

/**
 * The paper's concepts, weighted: (1 + ln(position-weighted count)) × IDF (when corpus statistics are given)
 * × a small bonus per extra word (multi-word phrases are more specific), scaled so the strongest is 1. Junk
 * phrases (see junk.ts) are left out and listed with their reason; a single common word ("mixup", "attention")
 * is a concept only where the paper makes it a term: in its title, or as the modifier of a type head ("mixup
 * method", "mixup-based augmentation").
 */
export function extractConcepts(paper: AnalysedPaper, options: ConceptOptions = {}): ConceptResult {
  const tallies = new Map<string, Tally>();
  const filtered = new Map<string, FilterReason>();
  const typed = contextTypes(paper);
  const typeHeadCores = new Set(paper.candidates.flat().flatMap((c) => typeHeadSplit(c.key)?.core ?? []));
  paper.candidates.forEach((chunks: Chunk[], s) => {
    const sentence = paper.sentences[s];
    const inTitle = s < paper.titleSentences;
    const weight = inTitle ? TITLE_WEIGHT : s === paper.titleSentences ? FIRST_SENTENCE_WEIGHT : 1;
    // "automatic extraction" in "automatic extraction of translation equivalents" is part of that task phrase.
    const taskEnd = new Map<number, number>();
    for (const c of chunks) if (c.kind === 'task') taskEnd.set(c.start, Math.max(c.end, taskEnd.get(c.start) ?? 0));
    for (const chunk of chunks) {
      if (!/\p{L}{2}/u.test(chunk.key)) continue;
      if (!chunk.kind && (taskEnd.get(chunk.start) ?? 0) > chunk.end) continue;
      const key = resolveKey(paper, chunk.key);
      const reason = junkReason(sentence, chunk.start, chunk.end, chunk.key, inTitle, chunk.kind === 'task');
      if (reason) {
        filtered.set(key, reason);
        continue;
      }
      const words = sentence.words.slice(chunk.start, chunk.end);
      if (words.length === 1 && !chunk.kind && !keepPhrase(words, chunk.key) && !inTitle && !typeHeadCores.has(chunk.key)) {
        filtered.set(key, 'COMMON_WORD');
        continue;
      }
      const tally = add(tallies, key, chunk.text, weight);
      tally.inTitle ||= inTitle;
      if (chunk.kind) tally.kind ??= { type: chunk.kind, from: 'head' };
    }
  });
  for (const acronym of paper.acronyms.values()) {
    add(tallies, acronym.key, acronym.long, 1).preferred = acronym.long;
    add(tallies, acronym.key, acronym.short, 0);
  }
  const { stats, maxConcepts = 25 } = options;
  const scored: Concept[] = [];
  for (const [key, tally] of tallies) {
    filtered.delete(key);
    if (stats?.isGeneric(key)) continue;
    const name = tally.preferred ?? mostFrequent(tally.forms);
    const words = key.split(' ').length;
    const weight = (1 + Math.log(tally.score || 1)) * (stats?.idf(key) ?? 1) * (1 + 0.15 * Math.min(words - 1, 3));
    const context = typed.get(key);
    const kind = context ? { type: context, from: 'context' as const } : (tally.kind ?? entityType(key, name));
    scored.push({ key, name, aliases: [...tally.forms.keys()].sort(), weight, kind: kind.type, kindFrom: kind.from, inTitle: tally.inTitle });
  }
  scored.sort((a, b) => b.weight - a.weight || a.key.localeCompare(b.key));
  const kept = scored.slice(0, maxConcepts);
  const top = kept[0]?.weight ?? 1;
  return {
    concepts: kept.map((c) => ({ ...c, weight: Math.round((c.weight / top) * 1000) / 1000 })),
    filtered: [...filtered].slice(0, MAX_FILTERED).map(([key, reason]) => ({ key, reason })),
  };
}
