import { isNameLike } from './keys';
import { METHOD_HEADS, TASK_HEADS } from './lexicon';
import { resolveKey, type AnalysedPaper } from './paper';
import type { CorpusStats } from './stats';
import type { Concept, ConceptKind } from './types';

export interface ConceptOptions {
  /** Document frequencies of the corpus: drop the too frequent, weight by IDF. */
  stats?: CorpusStats;
  /** Keep the strongest this many (default 25). */
  maxConcepts?: number;
}

/** Position weights: a phrase in the title says more about the paper than one in a later sentence. */
const TITLE_WEIGHT = 3;
const FIRST_SENTENCE_WEIGHT = 1.5;

/** Task, method or other, from the head noun (the last word) of the concept's key. */
export function conceptKind(key: string, surface: string): ConceptKind {
  const head = key.slice(key.lastIndexOf(' ') + 1);
  if (TASK_HEADS.has(head)) return 'task';
  if (METHOD_HEADS.has(head) || surface.split(' ').some(isNameLike)) return 'method';
  return 'other';
}

interface Tally {
  score: number;
  forms: Map<string, number>;
  preferred?: string;
  kind?: ConceptKind;
}

function add(tallies: Map<string, Tally>, key: string, form: string, score: number): Tally {
  let tally = tallies.get(key);
  if (!tally) {
    tally = { score: 0, forms: new Map() };
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
 * The paper's concepts, weighted: (1 + ln(position-weighted count)) × IDF (when corpus statistics are given)
 * × a small bonus per extra word (multi-word phrases are more specific), scaled so the strongest is 1.
 */
export function extractConcepts(paper: AnalysedPaper, options: ConceptOptions = {}): Concept[] {
  const tallies = new Map<string, Tally>();
  paper.chunks.forEach((chunks, s) => {
    const weight = s < paper.titleSentences ? TITLE_WEIGHT : s === paper.titleSentences ? FIRST_SENTENCE_WEIGHT : 1;
    for (const chunk of chunks) {
      const tally = add(tallies, resolveKey(paper, chunk.key), chunk.text, weight);
      tally.kind ??= chunk.kind;
    }
  });
  for (const acronym of paper.acronyms.values()) {
    add(tallies, acronym.key, acronym.long, 1).preferred = acronym.long;
    add(tallies, acronym.key, acronym.short, 0);
  }
  const { stats, maxConcepts = 25 } = options;
  const scored: Concept[] = [];
  for (const [key, tally] of tallies) {
    if (stats?.isGeneric(key)) continue;
    const name = tally.preferred ?? mostFrequent(tally.forms);
    const words = key.split(' ').length;
    const weight = (1 + Math.log(tally.score || 1)) * (stats?.idf(key) ?? 1) * (1 + 0.15 * Math.min(words - 1, 3));
    scored.push({ key, name, aliases: [...tally.forms.keys()].sort(), weight, kind: tally.kind ?? conceptKind(key, name) });
  }
  scored.sort((a, b) => b.weight - a.weight || a.key.localeCompare(b.key));
  const kept = scored.slice(0, maxConcepts);
  const top = kept[0]?.weight ?? 1;
  return kept.map((c) => ({ ...c, weight: Math.round((c.weight / top) * 1000) / 1000 }));
}
