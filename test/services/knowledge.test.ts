import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { ingest } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { SAMPLE_CORPUS } from '../../src/paths';
import { KnowledgeService } from '../../src/services/knowledge';
import { tempDir } from '../support/fixtures';

const tmp = tempDir();
const store = new SqliteGraphStore(path.join(tmp.dir, 'services.db'));
const service = new KnowledgeService(store);
beforeAll(async () => {
  const source = await openSource(SAMPLE_CORPUS);
  // Knowledge needs no vectors: no model here keeps this file fast.
  await ingest(source.name, source.items, store, { batchSize: 32, embedder: null });
});
afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

test('concept names are alias-aware and case-insensitive', async () => {
  const moe = await service.concept('MoE');
  expect(moe).not.toBeNull();
  for (const name of ['mixture of experts', 'Mixture-of-Experts', 'MIXTURE OF EXPERTS', 'moe']) {
    expect((await service.concept(name))?.key).toBe(moe!.key);
  }
  expect(await service.concept('no such concept at all')).toBeNull();
});

test('a neighbourhood stays within depth and size, and links only its own concepts', async () => {
  const one = await service.neighbourhood('data mixing', 1, 5);
  expect(one!.center.key).toBe('data mixing');
  expect(one!.nodes.length).toBeGreaterThan(0);
  expect(one!.nodes.length).toBeLessThanOrEqual(5);
  const keys = new Set([one!.center.key, ...one!.nodes.map((n) => n.key)]);
  for (const node of one!.nodes) {
    expect(one!.edges.some((e) => e.source === node.key || e.target === node.key)).toBe(true);
  }
  for (const e of one!.edges) {
    expect(keys.has(e.source) && keys.has(e.target)).toBe(true);
    expect(e.cooccurrences).toBeGreaterThanOrEqual(2);
  }
  const two = await service.neighbourhood('data mixing', 2, 25);
  expect(two!.nodes.length).toBeGreaterThanOrEqual(one!.nodes.length);
  expect(two!.nodes.length).toBeLessThanOrEqual(25);
  expect(await service.neighbourhood('no such concept at all', 1, 5)).toBeNull();
});

test('AutoMix lineage: Adversarial AutoMixup descends from it, and AutoMix is among its ancestors', async () => {
  const down = await service.lineage('AutoMix', 'DESCENDANTS', 3, 50);
  expect(down!.root.key).toBe('automix');
  const child = down!.edges.find((e) => e.parent === 'automix');
  expect(child).toBeDefined();
  expect(down!.nodes.map((n) => n.key)).toContain(child!.child);
  const up = await service.lineage(child!.child, 'ANCESTORS', 3, 50);
  expect(up!.nodes.map((n) => n.key)).toContain('automix');
  expect(up!.edges.every((e) => e.evidence.length > 0)).toBe(true);
  const both = await service.lineage('AutoMix', 'BOTH', 1, 50);
  expect(both!.edges.length).toBeGreaterThanOrEqual(down!.edges.filter((e) => e.parent === 'automix').length);
  // `first` keeps the most confident edges and only the methods they reach.
  expect(await service.lineage('AutoMix', 'BOTH', 3, 0)).toMatchObject({ root: { key: 'automix' }, nodes: [], edges: [] });
  const one = await service.lineage('AutoMix', 'BOTH', 3, 1);
  expect(one!.edges).toEqual([child]);
  expect(one!.nodes.map((n) => n.key)).toEqual([child!.child]);
});

test('the mixup family: methodLineage("mixup", DESCENDANTS) reaches the mixup methods of the sample, each with evidence', async () => {
  const family = await service.lineage('mixup', 'DESCENDANTS', 3, 100);
  expect(family).not.toBeNull();
  const names = family!.nodes.map((n) => n.name);
  for (const name of ['AutoMix', 'AdAutomixup', 'Puzzle Mix', 'SnapMix', 'SUMix', 'TransMix', 'RankMixup']) {
    expect(names).toContain(name);
  }
  const papers = await store.getPapers([...new Set(family!.edges.map((e) => e.paperId))]);
  for (const e of family!.edges) {
    expect(e.confidence).toBeGreaterThan(0);
    for (const sentence of e.evidence.split(' … ')) expect(`${papers.get(e.paperId)!.title} ${papers.get(e.paperId)!.abstract}`).toContain(sentence);
  }
  // Directly under mixup: a kind of mixup by definition or name, or built on it.
  expect(family!.edges.filter((e) => e.parent === 'mixup').every((e) => ['FAMILY', 'BUILDS_ON'].includes(e.relation))).toBe(true);
});

test('name derivation: AdAutomixup from AutoMix, TiKMiX-D from TiKMiX, Fast Sparse Mixer from Sparse Mixer, M-FLYT from FLYT', async () => {
  const parentsOf = async (name: string) => (await service.lineage(name, 'ANCESTORS', 1, 50))?.nodes.map((n) => n.name) ?? [];
  expect(await parentsOf('AdAutomixup')).toContain('AutoMix');
  expect(await parentsOf('TiKMiX-D')).toContain('TiKMiX');
  expect(await parentsOf('Fast Sparse Mixer')).toEqual(expect.arrayContaining([expect.stringMatching(/^Sparse Mixers?$/)]));
  expect(await parentsOf('M-FLYT')).toContain('Filter Like You Test');
});

test('no lineage parent is a generic phrase: the misreadings of extract-1 are gone', async () => {
  const edges = (await Promise.all(['SampleMix', 'TiKMiX'].map((n) => service.lineage(n, 'ANCESTORS', 1, 50)))).flatMap((l) => l?.edges ?? []);
  const parents = edges.map((e) => e.parent);
  expect(parents).not.toContain('bottom up paradigm');
  expect(parents).not.toContain('group influence');
  // "a novel augmentation scheme based on the Mixup method": a generic child, no lineage.
  expect((await service.lineage('augmentation scheme', 'BOTH', 1, 50))?.edges ?? []).toEqual([]);
});
