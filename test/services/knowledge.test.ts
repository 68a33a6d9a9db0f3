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
