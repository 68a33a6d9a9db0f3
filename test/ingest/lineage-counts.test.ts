import fs from 'node:fs';
import { conceptKey, extractPaper } from '../../ingest/extract';
import { corpusLineage, LineageCounts, methodEntities, type LineageContext } from '../../ingest/lineage';
import { normalize } from '../../ingest/normalize';
import type { PaperKnowledge } from '../../src/domain';
import { shuffled } from '../eval/ml-store';
import { ML_PAPERS_SLICE } from '../support/fixtures';

/**
 * Lineage's counts kept from one update to the next (LineageCounts, as updateCorpusGraph keeps them) give the method
 * entities and the edges that counts made afresh give, after every step of ingests in several orders and slicings,
 * with edited abstracts and removed papers in between. Real extraction of the 200-abstract ml-papers slice.
 */

type Paper = { paperId: string; year?: number; knowledge: PaperKnowledge };
type Record = { id: string; title: string; abstract: string; year?: number };

const records: Record[] = fs
  .readFileSync(ML_PAPERS_SLICE, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record);

/** Each record's knowledge extracted once for all the tests: a test meets it again as another object only if edited. */
const extracted = new Map<string, PaperKnowledge>();
function paper(record: Record): Paper {
  const text = `${record.title}\u0000${record.abstract}`;
  let knowledge = extracted.get(text);
  if (!knowledge) {
    const normalized = normalize(record);
    if (!normalized.ok) throw new Error(`${record.id}: ${normalized.reason}`);
    extracted.set(text, (knowledge = extractPaper(normalized.draft)));
  }
  return { paperId: record.id, year: record.year, knowledge };
}

/** Another paper's abstract with this one's first sentence: the extraction changes. */
function edited(record: Record): Paper {
  const other = records[(records.indexOf(record) + 101) % records.length];
  return paper({ ...record, abstract: `${other.abstract} ${record.abstract.split('. ')[0]}.` });
}

/** The corpus's own questions are left out: these counts hold none of them. */
const context: LineageContext = { canonicalMethod: (key) => key, canonicalConcept: (key) => key, isGeneric: () => false };

/** Every key the papers' knowledge writes, and every word of it: what lineage may ask of the method entities. */
function keysOf(papers: Paper[]): string[] {
  const keys = new Set<string>();
  for (const { knowledge } of papers) {
    for (const c of [...knowledge.concepts, ...knowledge.methods]) for (const k of [c.key, ...c.aliases.map(conceptKey)]) keys.add(k);
    for (const l of knowledge.lineage) keys.add(conceptKey(l.parent));
  }
  for (const key of [...keys]) for (const word of key.split(' ')) keys.add(word);
  return [...keys];
}

test.each([
  ['in order, 40 at a time', 0, 40],
  ['shuffled, 7 at a time', 1, 7],
  ['shuffled, 60 at a time', 2, 60],
])('counts kept across ingests %s, edits and removals give what fresh counts give', (_, seed, size) => {
  const order = seed === 0 ? records : shuffled(records, seed);
  const corpus = new Map<string, Paper>();
  const counts = new LineageCounts();
  let steps = 0;
  let edges = 0;
  const check = () => {
    const papers = [...corpus.values()].sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
    const lineage = corpusLineage(papers, context, counts);
    expect(lineage).toEqual(corpusLineage(papers, context));
    const kept = methodEntities(papers, context, counts);
    const fresh = methodEntities(papers, context);
    for (const ownHead of [false, true]) {
      expect(keysOf(papers).filter((k) => kept(k, ownHead) !== fresh(k, ownHead))).toEqual([]);
    }
    steps++;
    edges = lineage.length;
  };
  for (let at = 0; at < order.length; at += size) {
    const slice = order.slice(at, at + size);
    for (const r of slice) corpus.set(r.id, paper(r));
    check();
    // Every third paper of the slice is edited, every fifth of the corpus so far removed (and some come back later).
    slice.filter((_, i) => i % 3 === 1).forEach((r) => corpus.set(r.id, edited(r)));
    [...corpus.keys()].filter((_, i) => i % 5 === 2).forEach((id) => corpus.delete(id));
    check();
  }
  expect(steps).toBeGreaterThan(4);
  expect(edges).toBeGreaterThan(0);
});
