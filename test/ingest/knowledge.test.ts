import fs from 'node:fs';
import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { conceptKey } from '../../ingest/extract';
import { ingest } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { SAMPLE_CORPUS } from '../../src/paths';
import { tempDir, testEmbedder } from '../support/fixtures';

const tmp = tempDir();
const store = new SqliteGraphStore(path.join(tmp.dir, 'knowledge.db'));
afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

async function ingestFile(file: string) {
  const source = await openSource(file);
  return ingest(source.name, source.items, store, { batchSize: 32, embedder: await testEmbedder() });
}

beforeAll(async () => {
  await ingestFile(SAMPLE_CORPUS);
});

test('the sample corpus yields concepts, methods and lineage', async () => {
  const stats = await store.stats();
  expect(stats.concepts).toBeGreaterThan(200);
  expect(stats.methods).toBeGreaterThan(20);
  expect(stats.lineageEdges).toBeGreaterThan(0);
});

test('"MoE", "mixture of experts" and "Mixture-of-Experts" are one concept', async () => {
  const moe = await store.resolveConcept(conceptKey('MoE'));
  expect(moe).not.toBeNull();
  expect(await store.resolveConcept(conceptKey('mixture of experts'))).toBe(moe);
  expect(await store.resolveConcept(conceptKey('Mixture-of-Experts'))).toBe(moe);
  const [concept] = (await store.getConcepts([moe!])).values();
  expect(concept.aliases).toEqual(expect.arrayContaining(['MoE']));
  expect(concept.paperCount).toBeGreaterThanOrEqual(3);
});

test('AutoMix has Adversarial AutoMixup as a descendant, with the sentence that says so', async () => {
  const automix = await store.resolveMethod(conceptKey('AutoMix'));
  expect(automix).toBe('automix');
  const children = await store.lineageEdges([automix!], 'children');
  const papers = await store.getPapers(children.map((e) => e.paperId));
  const edge = children.find((e) => papers.get(e.paperId)?.title === 'Adversarial AutoMixup');
  expect(edge).toBeDefined();
  expect(edge!.evidence).toMatch(/AutoMix/);
  const roles = await store.paperMethods([edge!.paperId]);
  expect(roles).toContainEqual(expect.objectContaining({ method: edge!.child, role: 'PROPOSES' }));
  const paper = papers.get(edge!.paperId)!;
  for (const sentence of edge!.evidence.split(' … ')) expect(paper.abstract).toContain(sentence);
  expect(edge!.evidence).toMatch(/AdAutomixup/);
});

test('"data mixing" has a weighted neighbourhood with connecting papers', async () => {
  const key = await store.resolveConcept(conceptKey('data mixing'));
  expect(key).toBe('data mixing');
  const neighbours = await store.conceptNeighbours(key!, 10);
  expect(neighbours.length).toBeGreaterThan(0);
  for (const n of neighbours) {
    expect(n.cooccurrences).toBeGreaterThanOrEqual(2);
    expect(await store.papersMentioningAll([key!, n.key], 3)).not.toHaveLength(0);
  }
});

test('re-ingesting a changed paper replaces exactly what it contributed', async () => {
  const lines = fs.readFileSync(SAMPLE_CORPUS, 'utf8').split('\n');
  const title = lines.findIndex((l) => l === 'Adversarial AutoMixup');
  const before = await store.stats();
  const automixChildren = async () => (await store.lineageEdges(['automix'], 'children')).map((e) => e.paperId);
  const adPaper = (await store.lineageEdges(['automix'], 'children')).find((e) => e.child !== 'automix')!.paperId;
  const edited = [...lines];
  edited[title + 1] = 'We study the thermal conductivity of copper alloys at low temperature.';
  const file = path.join(tmp.dir, 'edited.txt');
  fs.writeFileSync(file, edited.join('\n'));
  const report = await ingestFile(file);
  expect(report).toMatchObject({ updated: 1, unchanged: 79 });
  expect(await automixChildren()).not.toContain(adPaper);
  // The new abstract's phrase is counted: seen in one paper, outside any title, so filtered as too rare a term.
  expect(await store.filteredName('thermal conductivity')).toEqual({ key: 'thermal conductivity', reason: 'RARE', paperCount: 1 });
  const after = await store.stats();
  expect(after.papers).toBe(before.papers);
  expect(after.lineageEdges).toBeLessThan(before.lineageEdges);
  await ingestFile(SAMPLE_CORPUS);
  expect(await store.stats()).toEqual(before);
});
