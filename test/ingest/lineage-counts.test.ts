import fs from 'node:fs';
import { aliasIndex, conceptKey, EntityCounts, extractPaper } from '../../ingest/extract';
import { corpusLineage, LineageCounts, methodEntities, type LineageContext } from '../../ingest/lineage';
import { normalize } from '../../ingest/normalize';
import type { PaperKnowledge } from '../../src/domain';
import { shuffled } from '../eval/ml-store';
import { ML_PAPERS_SLICE } from '../support/fixtures';

/**
 * Lineage kept from one update to the next (LineageCounts, as updateCorpusGraph keeps it: every paper's reading and
 * what it asked of the corpus) gives the method entities and the edges that a fresh computation gives, after every
 * step of ingests in several orders and slicings, with edited abstracts and removed papers in between, and with the
 * corpus's own answers (canonical keys, generic classes) changing as the papers do. Real extraction of the
 * 200-abstract ml-papers slice.
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

/** The context's answers left out: every key is its own canonical key, and none is generic. */
const plainContext = (): LineageContext => ({ canonicalMethod: (key) => key, canonicalConcept: (key) => key, isGeneric: () => false });

/**
 * The corpus's own answers, which any paper can change: entity resolution's canonical keys (through the method
 * aliases for methods), and as generic the keys that entity resolution flags broad or that one paper in ten writes
 * (a lower bar than the corpus graph's, for more answers to change from one step to the next).
 */
function corpusContext(papers: Paper[]): LineageContext {
  const counts = new EntityCounts();
  for (const p of papers) counts.add(p.knowledge);
  const { canonical, entities } = counts.resolve();
  const aliases = aliasIndex(papers.flatMap((p) => p.knowledge.methods));
  const documents = new Map<string, number>();
  for (const p of papers) for (const key of new Set(p.knowledge.concepts.map((c) => canonical(c.key)))) documents.set(key, (documents.get(key) ?? 0) + 1);
  return {
    canonicalMethod: (key) => canonical(aliases.get(key) ?? key),
    canonicalConcept: canonical,
    isGeneric: (key) => !!entities.get(key)?.broad || (documents.get(key) ?? 0) * 10 > papers.length,
  };
}

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
  ['in order, 40 at a time', 0, 40, plainContext],
  ['shuffled, 7 at a time', 1, 7, plainContext],
  ['shuffled, 60 at a time', 2, 60, plainContext],
  ['in order, 40 at a time, with the corpus\'s answers', 0, 40, corpusContext],
  ['shuffled, 7 at a time, with the corpus\'s answers', 3, 7, corpusContext],
  ['shuffled, 25 at a time, with the corpus\'s answers', 4, 25, corpusContext],
])('lineage kept across ingests %s, edits and removals gives what a fresh computation gives', (_, seed, size, contextOf) => {
  const order = seed === 0 ? records : shuffled(records, seed);
  const corpus = new Map<string, Paper>();
  const counts = new LineageCounts();
  let steps = 0;
  let edges = 0;
  const check = () => {
    const papers = [...corpus.values()].sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
    const context = contextOf(papers);
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
    // Every third paper of the slice is edited, every fourth dated five years earlier (the same knowledge: the first
    // years of what it names change), every fifth of the corpus so far removed.
    slice.filter((_, i) => i % 3 === 1).forEach((r) => corpus.set(r.id, edited(r)));
    slice.filter((r, i) => i % 4 === 3 && r.year !== undefined).forEach((r) => corpus.set(r.id, { ...corpus.get(r.id)!, year: r.year! - 5 }));
    [...corpus.keys()].filter((_, i) => i % 5 === 2).forEach((id) => corpus.delete(id));
    check();
  }
  // Every paper back as first ingested: the removed ones return, the edited and dated ones are as they were.
  for (const r of order) corpus.set(r.id, paper(r));
  check();
  expect(steps).toBeGreaterThan(4);
  expect(edges).toBeGreaterThan(0);
});

/**
 * Readings that hang on other papers alone (no count of their own changes): a name made from a spelling another paper
 * gives ("QLoRA" from LoRA's paper), the year rule (LoRA's paper dated after QLoRA's; SnapMix's family named first
 * after SnapMix's paper), a learnt name family ("…Mix" under "mixup" once SUMix's paper joins AutoMix's).
 */
test('lineage kept follows spellings, first years and name families that other papers change', () => {
  const written = (paperId: string, year: number, title: string, abstract: string) => paper({ id: paperId, title, abstract, year });
  const lora = written('a', 2021, 'LoRA: Low-Rank Adaptation of Large Language Models', 'We propose LoRA, a low-rank adaptation method that freezes the pretrained weights and injects trainable rank decomposition matrices. LoRA reduces the number of trainable parameters.');
  const corpus = [
    written('b', 2023, 'QLoRA: Efficient Finetuning of Quantized LLMs', 'We propose QLoRA, an efficient finetuning approach that reduces memory usage enough to finetune a 65B model on a single GPU.'),
    written('c', 2020, 'FooNet for segmentation', 'We propose FooNet, a variant of BarNet for image segmentation. FooNet improves accuracy on three benchmarks.'),
    written('d', 2019, 'BarNet: a network', 'We propose BarNet, a new architecture for dense prediction. BarNet uses dilated convolutions.'),
    written('e', 2022, 'AutoMix: automatic mixup', 'We propose AutoMix, a mixup-based data augmentation method that learns to mix images. AutoMix uses data mixing augmentation.'),
    written('f', 2023, 'SUMix: mixup with uncertainty', 'We propose SUMix, a variant of mixup that learns the mixing ratio. SUMix is a data mixing augmentation.'),
    written('g', 2021, 'SnapMix: semantically proportional mixing', 'We propose SnapMix, which mixes images for fine-grained recognition with a data mixing augmentation.'),
  ];
  const dated = (p: Paper, year: number): Paper => ({ ...p, year });
  const counts = new LineageCounts();
  const context = plainContext();
  const edges = (papers: Paper[]) => {
    const sorted = [...papers].sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
    const lineage = corpusLineage(sorted, context, counts);
    expect(lineage).toEqual(corpusLineage(sorted, context));
    return lineage.map((e) => `${e.child} < ${e.parent}`);
  };
  expect(edges(corpus)).not.toContain('qlora < lora');
  expect(edges([lora, ...corpus])).toContain('qlora < lora');
  expect(edges([dated(lora, 2030), ...corpus])).not.toContain('qlora < lora');
  expect(edges([lora, ...corpus.filter((p) => p.paperId !== 'f')])).not.toContain('snapmix < mixup');
  const snapMix = edges([lora, ...corpus.map((p) => (p.paperId === 'f' ? dated(p, 2010) : p))]);
  expect(snapMix).toContain('qlora < lora');
  expect(snapMix).toContain('snapmix < mixup');
  expect(edges([lora, ...corpus])).not.toContain('snapmix < mixup');
});
