import fs from 'node:fs';
import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { ingest } from '../../ingest/pipeline';
import type { RawPaper, SourceItem } from '../../ingest/sources';
import type { Paper } from '../../src/domain';
import { RELATED_WEIGHTS, RelatedService, type RelatedStep, type SignalWeights } from '../../src/services/related';
import { decodePrepared, PREPARED_FIRST } from '../../src/services/related-prepared';
import { ML_PAPERS_SLICE, tempDir, testEmbedder } from '../support/fixtures';

const tmp = tempDir();
let store: SqliteGraphStore;
let model: string;
let papers: Paper[];

/**
 * The committed slice of ml-papers, each paper citing the three after it (so the citation signals and their reasons
 * take part too).
 */
beforeAll(async () => {
  store = new SqliteGraphStore(path.join(tmp.dir, 'slice.db'));
  const raws = fs
    .readFileSync(ML_PAPERS_SLICE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RawPaper & { id: string });
  const cited = (i: number) => [1, 2, 3].map((k) => raws[(i + k) % raws.length].id);
  async function* items(): AsyncIterable<SourceItem> {
    for (const [i, raw] of raws.entries()) yield { kind: 'record', raw: { ...raw, references: cited(i) }, line: i + 1 };
  }
  const embedder = await testEmbedder();
  model = embedder.modelId;
  const report = await ingest('slice', items(), store, { batchSize: 50, embedder });
  expect(report.rejected).toEqual([]);
  papers = (await store.listPapers({ first: 200 })).items;
}, 120_000);
afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

/** A service that tells which steps its queries ran. */
function service(): { related: RelatedService; steps: Set<RelatedStep> } {
  const steps = new Set<RelatedStep>();
  return { related: new RelatedService(store, model, null, (step) => steps.add(step)), steps };
}

const WEIGHTINGS: Partial<SignalWeights>[] = [
  {},
  { embedding: 1, lexical: 0.01, concepts: 0.01, methods: 0.01, community: 0.01, coupling: 0.01, cocitation: 0.01 },
  { lexical: 0.05, concepts: 0.9 },
  { coupling: 2, cocitation: 3, community: 0.5 },
  { methods: 1, embedding: 0.3 },
];

test('a prepared paper is answered from its entry exactly as live: ids, scores, signals, shared concepts and methods, reasons', async () => {
  const asked = papers.filter((_, i) => i % 16 === 0);
  const live = service();
  const expected = new Map<string, unknown>();
  for (const paper of asked) {
    for (const [w, weights] of WEIGHTINGS.entries()) {
      for (const first of [1, 5, PREPARED_FIRST]) {
        expected.set(`${paper.id} ${w} ${first}`, await live.related.related(paper, first, { weights }));
      }
    }
  }
  expect(live.steps.has('prepared')).toBe(false);

  const stamp = (await live.related.preparedStamp())!;
  const entries = new Map<string, Uint8Array>();
  for (const paper of asked) entries.set(paper.id, await live.related.prepare(paper));
  expect(await store.putRelatedPrepared(entries, stamp.stamp, stamp.contentVersion)).toBe(true);

  const prepared = service();
  let citations = 0;
  for (const paper of asked) {
    for (const [w, weights] of WEIGHTINGS.entries()) {
      for (const first of [1, 5, PREPARED_FIRST]) {
        const answer = await prepared.related.related(paper, first, { weights });
        expect(answer).toEqual(expected.get(`${paper.id} ${w} ${first}`));
        citations += answer.filter((r) => /cites|cited together/.test(r.reason)).length;
      }
    }
  }
  expect([...prepared.steps]).toEqual(['prepared', 'fuse', 'explain']);
  expect(citations).toBeGreaterThan(0);
  // An entry keeps only the candidates that can rank in the best PREPARED_FIRST.
  const kept = decodePrepared(entries.get(asked[0].id)!, Object.keys(RELATED_WEIGHTS).length).ids.length;
  const candidates = (await live.related.measurePaper(asked[0])).ids.length;
  expect(kept).toBeLessThan(candidates);
}, 120_000);

test('options, a larger `first`, a switched-off signal, a missing or stale entry take the live path', async () => {
  const paper = papers[3];
  const s = service();
  const stamp = (await s.related.preparedStamp())!;
  expect(await store.putRelatedPrepared(new Map([[paper.id, await s.related.prepare(paper)]]), stamp.stamp, stamp.contentVersion)).toBe(true);
  const liveSteps = async (ask: (r: RelatedService) => Promise<unknown>) => {
    const t = service();
    await ask(t.related);
    return t.steps.has('candidates') && !t.steps.has('prepared');
  };
  expect(await liveSteps((r) => r.related(paper, 10))).toBe(false);
  expect(await liveSteps((r) => r.related(paper, 11))).toBe(true);
  expect(await liveSteps((r) => r.related(paper, 10, { weights: { community: 0 } }))).toBe(true);
  expect(await liveSteps((r) => r.related(paper, 10, { exclude: [papers[4].id] }))).toBe(true);
  expect(await liveSteps((r) => r.related(paper, 10, { yearFrom: 2000 }))).toBe(true);
  expect(await liveSteps((r) => r.related(papers[5], 10))).toBe(true);

  // A vector write leaves the entry stale: the answer is live, and the same as a fresh service's.
  const [vector] = (await store.getVectors(model, [papers[6].id])).values();
  await store.setVectors([{ id: papers[6].id, model, values: vector.map((x) => -x) }]);
  const t = service();
  const after = await t.related.related(paper, 10);
  expect(t.steps.has('prepared')).toBe(false);
  expect(after).toEqual(await new RelatedService(store, model).related(paper, 10, { weights: { ...RELATED_WEIGHTS } }));

  // Prepared again, then a communities refresh that moves one of the paper's concepts (the community signal reads
  // them): the entry is stale, the answer live.
  const again = (await s.related.preparedStamp())!;
  expect(await store.putRelatedPrepared(new Map([[paper.id, await s.related.prepare(paper)]]), again.stamp, again.contentVersion)).toBe(true);
  expect(await liveSteps((r) => r.related(paper, 10))).toBe(false);
  const [mention] = (await store.paperConcepts([paper.id])).get(paper.id)!;
  expect(await store.writeCommunities([[mention.concept, 999]], (await store.corpusState()).corpusGeneration)).toBe(true);
  expect(await liveSteps((r) => r.related(paper, 10))).toBe(true);
});
