import path from 'node:path';
import { SqliteGraphStore } from '../graph/sqlite/store';
import { ingest } from '../ingest/pipeline';
import { openSource } from '../ingest/sources';
import { copyGraph } from '../src/copy';
import { SAMPLE_CORPUS } from '../src/paths';
import { paperWrite, unitVector } from './contract/fixtures';
import { snapshot } from './contract/fixtures';
import { tempDir, testEmbedder } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

test('copies a whole embedded graph to another embedded store, in batches, idempotently', async () => {
  const fromFile = path.join(tmp.dir, 'from.db');
  const toFile = path.join(tmp.dir, 'to.db');
  const from = new SqliteGraphStore(fromFile);
  const source = await openSource(SAMPLE_CORPUS);
  await ingest(source.name, source.items, from, { batchSize: 32, embedder: await testEmbedder() });
  await from.writePapers([paperWrite('no-vector'), paperWrite('other-model', {}, { model: 'm2', values: unitVector(8, 3) })]);
  const to = new SqliteGraphStore(toFile);
  const progress: [number, number][] = [];
  const first = await copyGraph(from, to, { batchSize: 25, onProgress: (n, total) => progress.push([n, total]) });
  expect(first).toEqual({ papers: 82, written: 82, vectors: 81 });
  expect(progress).toEqual([[25, 82], [50, 82], [75, 82], [82, 82]]);
  expect(await to.stats()).toEqual(await from.stats());
  expect((await to.stats()).vectorsByModel).toEqual({ 'use-lite': 80, m2: 1 });
  const copied = await snapshot(to);
  expect(copied).toEqual(await snapshot(from));
  expect(copied.concepts.length).toBeGreaterThan(10);
  expect(copied.lineage.length).toBeGreaterThan(0);
  expect(await copyGraph(from, to, { batchSize: 25 })).toEqual({ papers: 82, written: 0, vectors: 0 });
  await from.close();
  await to.close();
});
