import fs from 'node:fs';
import path from 'node:path';
import { SqliteGraphStore } from '../graph/sqlite/store';
import type { ScoredId } from '../graph/store';
import { cosine } from '../graph/vectors';
import { prng } from './eval/ml-store';
import { paperWrite } from './contract/fixtures';
import { tempDir } from './support/fixtures';

const DIMS = 16;
const N = 1500;
const random = prng(3);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const centroids = Array.from({ length: 30 }, () => Float32Array.from({ length: DIMS }, gaussian));
const near = (c: Float32Array) => Float32Array.from(c, (x) => x + 0.8 * gaussian());
const vectors = new Map(Array.from({ length: N }, (_, i) => [`p${String(i).padStart(4, '0')}`, near(centroids[i % 30])]));

/** The exact top k over `all`, score descending then id: what the index must approximate. */
function exact(all: Map<string, Float32Array>, query: Float32Array, k: number, exclude: string[] = []): ScoredId[] {
  return [...all]
    .filter(([id]) => !exclude.includes(id))
    .map(([id, v]) => ({ id, score: cosine(query, v) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}

let tmp: ReturnType<typeof tempDir>;
let store: SqliteGraphStore;
beforeAll(async () => {
  tmp = tempDir();
  store = new SqliteGraphStore(path.join(tmp.dir, 'ann.db'), { annMinVectors: 1000 });
  await store.writePapers([...vectors].map(([id, values]) => paperWrite(id, {}, { model: 'm', values })));
});
afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

test('above the threshold, nearest neighbours come from an HNSW index built off the event loop, with exact scores', async () => {
  const query = vectors.get('p0007')!;
  // Before the index is ready the search is exact.
  const scanned = await store.nearestByVector('m', query, 10);
  expect(scanned.map((h) => h.id)).toEqual(exact(vectors, query, 10).map((h) => h.id));
  expect(await store.vectorIndexReady('m')).toBe(true);
  let found = 0;
  const queries = [...vectors.keys()].slice(0, 100);
  for (const id of queries) {
    const q = vectors.get(id)!;
    const hits = await store.nearestByVector('m', q, 10, [id]);
    const truth = exact(vectors, q, 10, [id]);
    expect(hits.map((h) => h.id)).not.toContain(id);
    for (const h of hits) expect(h.score).toBeCloseTo(cosine(q, vectors.get(h.id)!), 6);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
    const expected = new Set(truth.map((h) => h.id));
    found += hits.filter((h) => expected.has(h.id)).length;
  }
  expect(found / (queries.length * 10)).toBeGreaterThan(0.95);
});

test('the index follows writes at once: new, changed and re-written vectors, from this and another connection', async () => {
  expect(await store.vectorIndexReady('m')).toBe(true);
  const target = vectors.get('p0100')!;
  await store.writePapers([paperWrite('new', {}, { model: 'm', values: target })]);
  expect((await store.nearestByVector('m', target, 2)).map((h) => h.id)).toEqual(['new', 'p0100']);
  // p0100 moves far away: no longer near its old place, found at its new one.
  const away = Float32Array.from(centroids[5], (x) => -x);
  await store.setVectors([{ id: 'p0100', model: 'm', values: away }]);
  expect((await store.nearestByVector('m', target, 10)).map((h) => h.id)).not.toContain('p0100');
  expect((await store.nearestByVector('m', away, 1)).map((h) => h.id)).toEqual(['p0100']);
  const other = new SqliteGraphStore(path.join(tmp.dir, 'ann.db'));
  try {
    await other.setVectors([{ id: 'new', model: 'm', values: away }]);
  } finally {
    await other.close();
  }
  expect((await store.nearestByVector('m', away, 2)).map((h) => h.id).sort()).toEqual(['new', 'p0100']);
  expect((await store.nearestByVector('m', target, 10)).map((h) => h.id)).not.toContain('new');
  // A removed paper is gone from the index; its neighbour's vector moved back is found at its old place again.
  await store.removePapers(['new', 'p0007']);
  await store.setVectors([{ id: 'p0100', model: 'm', values: target }]);
  expect((await store.nearestByVector('m', away, 10)).map((h) => h.id)).not.toContain('new');
  expect((await store.nearestByVector('m', vectors.get('p0007')!, 10)).map((h) => h.id)).not.toContain('p0007');
  expect((await store.nearestByVector('m', target, 1)).map((h) => h.id)).toEqual(['p0100']);
});

test('after more writes than the change log keeps, the index still follows them', async () => {
  expect(await store.vectorIndexReady('m')).toBe(true);
  const moved = Float32Array.from(centroids[9], (x) => -x);
  const other = new SqliteGraphStore(path.join(tmp.dir, 'ann.db'));
  try {
    await other.setVectors([{ id: 'p0200', model: 'm', values: moved }]);
    await other.writePapers(Array.from({ length: 6000 }, (_, i) => paperWrite(`bulk${i}`, {}, { model: 'm', values: near(centroids[i % 30]) })));
  } finally {
    await other.close();
  }
  expect((await store.nearestByVector('m', moved, 1)).map((h) => h.id)).toEqual(['p0200']);
  expect((await store.nearestByVector('m', vectors.get('p0200')!, 10)).map((h) => h.id)).not.toContain('p0200');
});

test('below the threshold search stays exact and no index is built', async () => {
  const small = new SqliteGraphStore(path.join(tmp.dir, 'small.db'));
  try {
    await small.writePapers([...vectors].slice(0, 50).map(([id, values]) => paperWrite(id, {}, { model: 'm', values })));
    expect(await small.vectorIndexReady('m')).toBe(false);
  } finally {
    await small.close();
  }
});

describe('a saved index', () => {
  const file = () => path.join(tmp.dir, 'saved.db');
  const folder = () => path.join(tmp.dir, 'saved.db.ann');
  const open = () => new SqliteGraphStore(file(), { annMinVectors: 1000 });
  const recall = async (s: SqliteGraphStore, all: Map<string, Float32Array>) => {
    let found = 0;
    const queries = [...all.keys()].slice(300, 350);
    for (const id of queries) {
      const truth = new Set(exact(all, all.get(id)!, 10, [id]).map((h) => h.id));
      found += (await s.nearestByVector('m', all.get(id)!, 10, [id])).filter((h) => truth.has(h.id)).length;
    }
    return found / (queries.length * 10);
  };

  beforeAll(async () => {
    const first = open();
    try {
      await first.writePapers([...vectors].map(([id, values]) => paperWrite(id, {}, { model: 'm', values })));
      expect(await first.vectorIndexReady('m')).toBe(true);
    } finally {
      await first.close();
    }
  });

  test('is kept beside the store and read by the next handle, which follows the vectors changed since', async () => {
    const files = fs.readdirSync(folder()).sort();
    expect(files).toEqual([expect.stringMatching(/^m-\d+-\d+\.hnsw$/), 'm.json']);
    const moved = Float32Array.from(centroids[7], (x) => -x);
    const current = new Map(vectors).set('p0200', moved);
    const next = open();
    try {
      await next.setVectors([{ id: 'p0200', model: 'm', values: moved }]);
      expect(await next.vectorIndexReady('m')).toBe(true);
      // Read, not built again: the same saved file.
      expect(fs.readdirSync(folder()).sort()).toEqual(files);
      expect((await next.nearestByVector('m', moved, 1)).map((h) => h.id)).toEqual(['p0200']);
      expect((await next.nearestByVector('m', vectors.get('p0200')!, 10)).map((h) => h.id)).not.toContain('p0200');
      expect(await recall(next, current)).toBeGreaterThan(0.95);
    } finally {
      await next.close();
    }
  });

  test('that cannot be read is built again, and a build stopped by closing the store says nothing', async () => {
    const [index] = fs.readdirSync(folder()).filter((f) => f.endsWith('.hnsw'));
    fs.writeFileSync(path.join(folder(), index), 'not an index');
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const next = open();
      try {
        expect(await next.vectorIndexReady('m')).toBe(true);
        expect(warnings.mock.calls.map(([w]) => String(w))).toEqual([expect.stringContaining('saved vector index')]);
        expect(fs.readdirSync(folder()).filter((f) => f.endsWith('.hnsw'))).toEqual([expect.not.stringMatching(index)]);
      } finally {
        await next.close();
      }
      warnings.mockClear();
      fs.rmSync(folder(), { recursive: true });
      const closing = open();
      expect(await closing.nearestByVector('m', vectors.get('p0001')!, 1)).toHaveLength(1);
      await closing.close();
      expect(warnings).not.toHaveBeenCalled();
      expect(fs.existsSync(folder()) ? fs.readdirSync(folder()).filter((f) => f.endsWith('.hnsw')) : []).toEqual([]);
    } finally {
      warnings.mockRestore();
    }
  });
});
