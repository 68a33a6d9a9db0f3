import path from 'node:path';
import { SqliteGraphStore } from '../graph/sqlite/store';
import { prng } from './eval/ml-store';
import { paperWrite } from './contract/fixtures';
import { tempDir } from './support/fixtures';

// The vectors a connection keeps in memory follow every write from the store's change log (`vector_changes`), whoever
// writes: after each write they equal what a connection opened afresh reads, and nearest neighbours agree.
const DIMS = 8;
const random = prng(11);
const vector = () => Float32Array.from({ length: DIMS }, () => random() - 0.5);

let tmp: ReturnType<typeof tempDir>;
let file: string;
let reader: SqliteGraphStore;
let writer: SqliteGraphStore;

beforeEach(async () => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'vectors.db');
  reader = new SqliteGraphStore(file);
  writer = new SqliteGraphStore(file);
  await writer.writePapers(Array.from({ length: 50 }, (_, i) => paperWrite(`p${i}`, {}, { model: 'm', values: vector() })));
});
afterEach(async () => {
  await reader.close();
  await writer.close();
  tmp.cleanup();
});

/** What the store holds for `model`, by id, as a connection opened now reads it. */
async function fresh(model = 'm'): Promise<Map<string, number[]>> {
  const store = new SqliteGraphStore(file);
  try {
    return byId(store, model);
  } finally {
    await store.close();
  }
}

async function byId(store: SqliteGraphStore, model = 'm'): Promise<Map<string, number[]>> {
  const all = await store.vectors(model);
  return new Map(all.map((v) => [v.id, [...v.values]]).sort(([a], [b]) => (a < b ? -1 : 1)) as [string, number[]][]);
}

async function expectCurrent(model = 'm'): Promise<void> {
  const expected = await fresh(model);
  expect(await byId(reader, model)).toEqual(expected);
  const query = vector();
  const k = Math.min(10, expected.size);
  expect(await reader.nearestByVector(model, query, k)).toEqual(await writer.nearestByVector(model, query, k));
}

test("another connection's new, changed, moved and removed vectors reach this one's kept vectors", async () => {
  await expectCurrent();
  await writer.writePapers([paperWrite('new-1', {}, { model: 'm', values: vector() }), paperWrite('new-2')]);
  await expectCurrent();
  await writer.setVectors([
    { id: 'p3', model: 'm', values: vector() },
    { id: 'new-2', model: 'm', values: vector() },
  ]);
  await expectCurrent();
  // A vector from another model leaves this model's vectors: p4 moves, p5 is written again unchanged.
  await writer.setVectors([{ id: 'p4', model: 'other', values: vector() }]);
  const p5 = (await writer.getVectors('m', ['p5'])).get('p5')!;
  await writer.setVectors([{ id: 'p5', model: 'm', values: p5 }]);
  await expectCurrent();
  await expectCurrent('other');
  await writer.removePapers(['p0', 'p7', 'new-1']);
  await expectCurrent();
  // More new papers than the kept arrays have room for: they grow.
  await writer.writePapers(Array.from({ length: 30 }, (_, i) => paperWrite(`more-${i}`, {}, { model: 'm', values: vector() })));
  await expectCurrent();
  expect((await reader.vectors('m')).map((v) => v.id)).not.toContain('p0');
});

test("this connection's own writes and removals reach its kept vectors", async () => {
  await expectCurrent();
  await reader.writePapers([paperWrite('own', {}, { model: 'm', values: vector() })]);
  await reader.removePapers(['p1']);
  await reader.setVectors([{ id: 'p2', model: 'm', values: vector() }]);
  await expectCurrent();
});

test('kept vectors older than the trimmed log are read again whole', async () => {
  await expectCurrent();
  // More changes than the log keeps (5,000): the reader's position is trimmed away.
  await writer.writePapers(Array.from({ length: 6000 }, (_, i) => paperWrite(`bulk${i}`, {}, { model: 'm', values: vector() })));
  await writer.removePapers(['p9']);
  await expectCurrent();
  expect((await reader.vectors('m')).length).toBe(50 + 6000 - 1);
});
