/**
 * The development sets of related work (all over the 3,451 papers of ../shared/data/ml-papers/papers.jsonl, and
 * committed under data/eval so every run reads the same judgements):
 *
 * - `keywords` (data/eval/related-dev.jsonl): 400 query papers drawn with a seeded PRNG, graded by shared author
 *   keywords (see buildKeywordSet). A weak proxy: keywords are phrases, so it favours phrase-overlap signals.
 * - `citations` (data/eval/related-citations.jsonl): every paper with a prior work (../shared/data/ml-papers/
 *   lineage-silver.jsonl: the works a paper builds on, named by title) whose title is a corpus paper's; those corpus
 *   papers are its relevant ones (grade 1). 283 queries, 299 links.
 * - `topical` (data/eval/related-topical.jsonl): hand-graded queries, see data/eval/related-topical.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { conceptKey } from '../../ingest/extract';
import { PROJECT_ROOT } from '../../src/paths';
import { evalData, ML_PAPERS_WHAT, requireData } from './data';
import { ML_PAPERS, prng } from './ml-store';

export interface Judged {
  query: string;
  /** Paper id → grade (higher is more relevant; absent is 0). */
  relevant: Record<string, number>;
}

export interface DevSet {
  name: string;
  file: string;
  queries: Judged[];
}

const KEYWORD_QUERIES = 400;
const KEYWORD_SEED = 20261129;
const MAX_KEYWORD_PAPERS = 60;
const MIN_RELEVANT = 3;

interface CorpusRecord {
  id: string;
  title: string;
  keywords?: string;
}

function corpus(): CorpusRecord[] {
  return fs
    .readFileSync(requireData(ML_PAPERS, ML_PAPERS_WHAT), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRecord);
}

/**
 * Query papers drawn with a seeded PRNG, each with graded relevance from the authors' keywords: grade = number of
 * normalised keywords (conceptKey: case, hyphens, plurals) the two papers share, counting only keywords of 2 to
 * MAX_KEYWORD_PAPERS papers (broader ones would make hundreds of papers relevant to each other); a query needs at
 * least MIN_RELEVANT relevant papers. The store the signals read is built without the keywords (ml-store.ts).
 */
function buildKeywordSet(): Judged[] {
  const keywords = new Map<string, Set<string>>();
  for (const p of corpus()) {
    const keys = (p.keywords ?? '').split(',').map((k) => conceptKey(k.trim())).filter((k) => k !== '');
    keywords.set(p.id, new Set(keys));
  }
  const df = new Map<string, number>();
  for (const keys of keywords.values()) for (const k of keys) df.set(k, (df.get(k) ?? 0) + 1);
  const usable = (k: string) => (df.get(k) ?? 0) >= 2 && (df.get(k) ?? 0) <= MAX_KEYWORD_PAPERS;
  const byKeyword = new Map<string, string[]>();
  for (const [id, keys] of keywords) {
    for (const k of keys) if (usable(k)) byKeyword.set(k, [...(byKeyword.get(k) ?? []), id]);
  }
  const eligible: Judged[] = [];
  for (const [id, keys] of keywords) {
    const relevant: Record<string, number> = {};
    for (const k of keys) {
      for (const other of byKeyword.get(k) ?? []) if (other !== id) relevant[other] = (relevant[other] ?? 0) + 1;
    }
    if (Object.keys(relevant).length >= MIN_RELEVANT) eligible.push({ query: id, relevant });
  }
  const random = prng(KEYWORD_SEED);
  for (let i = eligible.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
  }
  return eligible.slice(0, KEYWORD_QUERIES);
}

/** A title as prior-work references spell it: lower case, runs of other characters one space. */
const titleKey = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Papers whose prior works (lineage-silver.jsonl) include corpus papers, matched by title; corpus order. */
function buildCitationSet(): Judged[] {
  const byTitle = new Map<string, string[]>();
  for (const p of corpus()) byTitle.set(titleKey(p.title), [...(byTitle.get(titleKey(p.title)) ?? []), p.id]);
  const silver = evalData('ml-papers/lineage-silver.jsonl', 'the prior works of the ml-papers corpus (lineage-silver.jsonl)');
  const out: Judged[] = [];
  for (const line of fs.readFileSync(silver, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { id: string; prior_works?: { title?: string }[] };
    const relevant: Record<string, number> = {};
    for (const w of record.prior_works ?? []) {
      for (const id of byTitle.get(titleKey(w.title ?? '')) ?? []) if (id !== record.id) relevant[id] = 1;
    }
    if (Object.keys(relevant).length) out.push({ query: record.id, relevant });
  }
  return out;
}

const read = (file: string): Judged[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Judged);

/** The built sets, written when missing or when `rebuild` (byte for byte the same from the same data). */
export function devSets(rebuild: boolean): DevSet[] {
  const sets: DevSet[] = [];
  for (const [name, build] of [
    ['keywords', buildKeywordSet],
    ['citations', buildCitationSet],
  ] as const) {
    const file = path.join(PROJECT_ROOT, `data/eval/${name === 'keywords' ? 'related-dev' : 'related-citations'}.jsonl`);
    if (rebuild || !fs.existsSync(file)) {
      fs.writeFileSync(file, build().map((j) => JSON.stringify(j)).join('\n') + '\n');
      console.log(`wrote ${path.relative(PROJECT_ROOT, file)}`);
    }
    sets.push({ name, file, queries: read(file) });
  }
  const topical = path.join(PROJECT_ROOT, 'data/eval/related-topical.jsonl');
  if (fs.existsSync(topical)) sets.push({ name: 'topical', file: topical, queries: read(topical) });
  return sets;
}
