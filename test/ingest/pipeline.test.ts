import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import type { Embedder } from '../../ingest/embed';
import { fillMissingVectors, ingest, type IngestReport } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { SAMPLE_CORPUS } from '../../src/paths';
import { snapshot } from '../contract/fixtures';
import { ingestWorkspace, ML_PAPERS_SLICE } from '../support/fixtures';

const ws = ingestWorkspace();

function freshStore(): { store: SqliteGraphStore; file: string } {
  const file = ws.file('pipeline.db');
  return { store: new SqliteGraphStore(file), file };
}

async function ingestFile(
  file: string,
  store: SqliteGraphStore,
  options: { embedder?: Embedder | null; batchSize?: number } = {},
): Promise<IngestReport> {
  const source = await openSource(file);
  return ingest(source.name, source.items, store, {
    batchSize: options.batchSize ?? 16,
    embedder: options.embedder === undefined ? ws.embedder : options.embedder,
  });
}

function jsonl(name: string, records: unknown[]): string {
  const file = path.join(ws.dir, name);
  fs.writeFileSync(file, records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n'));
  return file;
}

/** Everything the store holds, read through the port, and its write count: what "nothing changed" is checked against. */
const dump = async (store: SqliteGraphStore) => ({ ...(await snapshot(store)), state: await store.corpusState() });

describe('ingesting the sample corpus', () => {
  const { store } = freshStore();
  let first: IngestReport;
  beforeAll(async () => {
    first = await ingestFile(SAMPLE_CORPUS, store);
  });
  afterAll(() => store.close());

  test('stores 80 papers, each with a vector from the configured model', async () => {
    expect(first).toMatchObject({ read: 80, inserted: 80, updated: 0, unchanged: 0, rejected: [], withoutVector: 0 });
    expect(await store.stats()).toMatchObject({ papers: 80 });
    expect((await store.stats()).vectorsByModel).toEqual({ 'use-lite': 80 });
  });

  test('re-ingesting the same file writes nothing', async () => {
    const before = await dump(store);
    const report = await ingestFile(SAMPLE_CORPUS, store);
    expect(report).toMatchObject({ read: 80, inserted: 0, updated: 0, unchanged: 80, refreshed: 0 });
    expect(await dump(store)).toEqual(before);
  });
});

describe('updates', () => {
  const papers = [1, 2, 3].map((i) => ({
    id: `p${i}`,
    title: `Paper ${i} on mixup`,
    abstract: `Mixup variant number ${i} interpolates images and labels.`,
    year: 2020 + i,
  }));

  test('an edited abstract replaces that paper and its vector and nothing else', async () => {
    const { store } = freshStore();
    await ingestFile(jsonl('v1.jsonl', papers), store);
    const before = await dump(store);
    const edited = papers.map((p) =>
      p.id === 'p2' ? { ...p, abstract: 'A study of Kelvin-Helmholtz instabilities in the solar corona.' } : p,
    );
    const report = await ingestFile(jsonl('v2.jsonl', edited), store);
    expect(report).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const after = await dump(store);
    const [vectorsBefore, vectorsAfter] = [before.vectors['use-lite'], after.vectors['use-lite']];
    expect([after.papers[0], after.papers[2]]).toEqual([before.papers[0], before.papers[2]]);
    expect([vectorsAfter[0], vectorsAfter[2]]).toEqual([vectorsBefore[0], vectorsBefore[2]]);
    expect([after.knowledge[0], after.knowledge[2]]).toEqual([before.knowledge[0], before.knowledge[2]]);
    expect(after.papers[1].abstract).toBe('A study of Kelvin-Helmholtz instabilities in the solar corona.');
    expect(vectorsAfter[1]).not.toEqual(vectorsBefore[1]);
    expect(after.papers[1].contentHash).not.toBe(before.papers[1].contentHash);
    await store.close();
  });

  test('a metadata-only change keeps the vector', async () => {
    const { store } = freshStore();
    await ingestFile(jsonl('m1.jsonl', papers), store);
    const before = await dump(store);
    await ingestFile(jsonl('m2.jsonl', papers.map((p) => (p.id === 'p1' ? { ...p, venue: 'ICML' } : p))), store);
    const after = await dump(store);
    expect(after.papers[0].venue).toBe('ICML');
    expect(after.vectors['use-lite']).toEqual(before.vectors['use-lite']);
    await store.close();
  });

  test('the same id later in the input wins, in the same batch or the next one', async () => {
    const { store } = freshStore();
    const versions = ['first', 'second', 'third'].map((v) => ({ id: 'dup', title: 'Dup', abstract: `The ${v}.` }));
    const report = await ingestFile(jsonl('dup.jsonl', [...versions, papers[0]]), store, { batchSize: 1 });
    expect(report).toMatchObject({ inserted: 2, updated: 2 });
    expect((await store.getPapers(['dup'])).get('dup')?.abstract).toBe('The third.');
    // Records sharing an id never share a batch: each is planned against what the one before it wrote.
    const sameBatch = await ingestFile(jsonl('dup2.jsonl', [versions[0], versions[1]]), store, { batchSize: 8 });
    expect(sameBatch).toMatchObject({ updated: 2 });
    expect((await store.getPapers(['dup'])).get('dup')?.abstract).toBe('The second.');
    await store.close();
  });

  test('vectors of another model are replaced, never mixed', async () => {
    const { store } = freshStore();
    await ingestFile(jsonl('o1.jsonl', papers), store);
    await store.setVectors([{ id: 'p3', model: 'some-other-model', values: new Float32Array(384) }]);
    const report = await ingestFile(jsonl('o1.jsonl', papers), store);
    expect(report).toMatchObject({ unchanged: 2, refreshed: 1 });
    expect((await store.stats()).vectorsByModel).toEqual({ 'use-lite': 3 });
    await store.close();
  });
});

describe('bad records', () => {
  test('every good record is ingested; each bad one is reported with its line and reason', async () => {
    const { store } = freshStore();
    const file = jsonl('mixed.jsonl', [
      { id: 'ok1', title: 'Good one', abstract: 'Fine.' },
      '{"id": "broken", "title": ',
      { id: 'no-abstract', title: 'Only a title' },
      { id: 'no-title', abstract: 'Only an abstract.' },
      { id: 'bad-year', title: 'Year', abstract: 'Y.', year: 'soon' },
      { id: 'ok2', title: 'Good two', abstract: 'Fine too.' },
    ]);
    const report = await ingestFile(file, store);
    expect(report.inserted).toBe(3);
    expect(report.rejected).toEqual([
      { source: file, line: 2, reason: expect.stringMatching(/^malformed JSON/) },
      { source: file, line: 3, reason: 'missing field "abstract"' },
      { source: file, line: 4, reason: 'missing field "title"' },
    ]);
    // A bad optional field is left out with a warning; the paper is kept.
    expect(report.warnings).toEqual([
      { source: file, line: 5, reason: 'field "year" must be a four-digit year, got "soon": the field is left out' },
    ]);
    expect((await store.getPapers(['bad-year'])).get('bad-year')).toMatchObject({ title: 'Year', year: undefined });
    expect([...(await store.getPapers(['ok1', 'ok2', 'broken', 'no-abstract'])).keys()].sort()).toEqual(['ok1', 'ok2']);
    await store.close();
  });

  test('a failure in the middle of a batch leaves no half-written batch behind', async () => {
    const { store, file } = freshStore();
    const db = new Database(file);
    db.exec(`CREATE TRIGGER refuse AFTER INSERT ON papers WHEN NEW.title = 'Poison'
             BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    db.close();
    const records = ['A', 'B', 'C', 'D', 'Poison', 'F'].map((t) => ({ id: t, title: t, abstract: `About ${t}.` }));
    // Not `rejects.toThrow`: better-sqlite3's errors come from the jest realm of the first test file that loaded it.
    await expect(ingestFile(jsonl('poison.jsonl', records), store, { batchSize: 3 })).rejects.toHaveProperty(
      'message',
      'disk on fire',
    );
    // The first batch (A, B, C) was committed; the second (D, Poison, F) left nothing.
    expect([...(await store.getPapers(records.map((r) => r.id))).keys()].sort()).toEqual(['A', 'B', 'C']);
    await store.close();
  });
});

describe('hostile records', () => {
  test('the issue case: one 750 KB title and one 10 MB one-sentence abstract among 200 good records', async () => {
    const { store } = freshStore();
    const lines = fs.readFileSync(ML_PAPERS_SLICE, 'utf8').split('\n').slice(0, 200);
    const huge = { ...JSON.parse(lines[96]), title: 'x'.repeat(750_000) };
    const long = { ...JSON.parse(lines[150]), abstract: 'word '.repeat(2_000_000) };
    const file = jsonl('hostile.jsonl', [...lines.slice(0, 96), huge, ...lines.slice(97, 150), long, ...lines.slice(151)]);
    const report = await ingestFile(file, store, { batchSize: 32 });
    expect(report.rejected).toEqual([{ source: file, line: 97, reason: 'title longer than 1000 characters' }]);
    expect(report.warnings).toEqual([
      { source: file, line: 151, reason: 'abstract of 10000000 characters truncated to the first 20000 (the limit)' },
    ]);
    expect(report).toMatchObject({ read: 200, inserted: 199 });
    expect(await store.stats()).toMatchObject({ papers: 199, vectorsByModel: { 'use-lite': 199 } });
    expect((await store.stats()).concepts).toBeGreaterThan(100);
    const state = await store.corpusState();
    expect(state.corpusGeneration).toBe(state.papersGeneration);
    await store.close();
  });

  test('a record whose preparation throws is rejected with its line; the others are stored', async () => {
    const { store } = freshStore();
    // The real model, with its windowing failing on one text: any failure while preparing a record (here a
    // RangeError, as the tokenizer threw on a huge sentence) must reject that record only.
    const failing: Embedder = {
      ...ws.embedder,
      modelId: ws.embedder.modelId,
      windows: (text) => {
        if (text.includes('Poison')) throw new RangeError('Maximum call stack size exceeded');
        return ws.embedder.windows(text);
      },
      embedWindowed: (windowed) => ws.embedder.embedWindowed(windowed),
    };
    const records = ['A', 'Poison', 'C'].map((t) => ({ id: t, title: `Paper ${t}`, abstract: `About ${t}.` }));
    const report = await ingestFile(jsonl('throws.jsonl', records), store, { embedder: failing });
    expect(report.rejected).toEqual([
      {
        source: expect.any(String),
        line: 2,
        reason: 'cutting into model windows failed: RangeError: Maximum call stack size exceeded',
      },
    ]);
    expect(report).toMatchObject({ inserted: 2 });
    expect([...(await store.getPapers(['A', 'Poison', 'C'])).keys()].sort()).toEqual(['A', 'C']);
    await store.close();
  });
});

describe('the corpus graph after an interrupted run', () => {
  test('an ingest that finds everything unchanged still finishes a rebuild an earlier run left undone', async () => {
    const records = [1, 2, 3, 4].map((i) => ({
      id: `p${i}`,
      title: `Paper ${i}`,
      abstract: i < 4 ? 'We propose mixup for data mixing.' : 'We propose AdAutoMix, which extends AutoMix.',
    }));
    const { store } = freshStore();
    await ingestFile(jsonl('first-three.jsonl', records.slice(0, 3)), store);
    expect(await store.resolveMethod('automix')).toBeNull();
    // What a run killed after its paper writes and before the rebuild leaves behind: paper 4 stored with its vector
    // and knowledge, exactly as the pipeline writes it, and the graph marked out of date in the same transaction.
    const { store: reference } = freshStore();
    await ingestFile(jsonl('all-four.jsonl', records), reference);
    const [paper4] = (await reference.getPapers(['p4'])).values();
    const [knowledge4] = await reference.paperKnowledge(['p4']);
    const vector4 = (await reference.getVectors('use-lite', ['p4'])).get('p4')!;
    const { vectorModel: _, ...written } = paper4;
    const links4 = (await reference.paperLinks(['p4'])).get('p4');
    await store.writePapers([
      {
        paper: written,
        vector: { model: 'use-lite', values: vector4 },
        knowledge: { version: knowledge4.version, extraction: knowledge4.knowledge },
        links: links4,
      },
    ]);
    const report = await ingestFile(jsonl('all-four.jsonl', records), store);
    expect(report).toMatchObject({ unchanged: 4, inserted: 0, updated: 0, refreshed: 0 });
    expect(report.corpusSeconds).toBeGreaterThan(0);
    expect(await store.resolveMethod('automix')).toBe('automix');
    expect(await store.stats()).toEqual(await reference.stats());
    const state = await store.corpusState();
    expect(state.corpusGeneration).toBe(state.papersGeneration);
    expect(await ingestFile(jsonl('all-four.jsonl', records), store)).toMatchObject({ unchanged: 4, corpusSeconds: 0 });
    await store.close();
    await reference.close();
  });
});

describe('without a model', () => {
  test('papers are stored without vectors, and filling them in later embeds exactly those', async () => {
    const { store } = freshStore();
    const report = await ingestFile(SAMPLE_CORPUS, store, { embedder: null });
    expect(report).toMatchObject({ inserted: 80, withoutVector: 80 });
    expect(await store.stats()).toMatchObject({ papers: 80 });
    expect((await store.stats()).vectorsByModel).toEqual({});
    expect(await fillMissingVectors(store, ws.embedder, { batchSize: 32 })).toBe(80);
    expect(await store.stats()).toMatchObject({ papers: 80 });
    expect((await store.stats()).vectorsByModel).toEqual({ 'use-lite': 80 });
    expect(await fillMissingVectors(store, ws.embedder, { batchSize: 32 })).toBe(0);
    const again = await ingestFile(SAMPLE_CORPUS, store);
    expect(again).toMatchObject({ unchanged: 80, refreshed: 0 });
    await store.close();
  });

  test('an edited abstract ingested without a model drops the stale vector', async () => {
    const { store } = freshStore();
    await ingestFile(jsonl('s1.jsonl', [{ id: 'x', title: 'X', abstract: 'Old.' }]), store);
    const report = await ingestFile(jsonl('s2.jsonl', [{ id: 'x', title: 'X', abstract: 'New.' }]), store, {
      embedder: null,
    });
    expect(report).toMatchObject({ updated: 1, withoutVector: 1 });
    expect((await store.getPapers(['x'])).get('x')?.vectorModel).toBeNull();
    await store.close();
  });
});
