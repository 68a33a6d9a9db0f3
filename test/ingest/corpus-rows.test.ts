import type { GraphStore } from '../../graph/store';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { refreshCommunities } from '../../ingest/communities';
import { buildCorpusGraph, updateCorpusGraph } from '../../ingest/corpus';
import { contentHash, normalize, textHash } from '../../ingest/normalize';
import { KNOWLEDGE_VERSION } from '../../ingest/pipeline';
import type { PaperKnowledge } from '../../src/domain';
import { corpusSnapshot } from '../contract/fixtures';
import { tempDir } from '../support/fixtures';
import { concept, method } from '../support/knowledge';

/**
 * The corpus graph's rows follow a one-paper change through what it reaches and nothing more (ingest/corpus-rows.ts):
 * changes that reach rows of keys no changed paper names. Each update of a real SQLite store is compared, through
 * the port, with the graph built from scratch on the same papers.
 */

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let files = 0;
const newStore = () => new SqliteGraphStore(`${tmp.dir}/${files++}.db`);

/** Writes papers with the knowledge given (as extraction would store it) and updates the corpus graph. */
async function write(store: GraphStore, papers: [string, Partial<PaperKnowledge>][]): Promise<void> {
  await store.writePapers(
    papers.map(([id, knowledge]) => {
      const normalized = normalize({ id, title: `Paper ${id}`, abstract: `The abstract of paper ${id}.` });
      if (!normalized.ok) throw new Error(normalized.reason);
      const draft = normalized.draft;
      const extraction = { concepts: [], methods: [], lineage: [], ...knowledge };
      return { paper: { ...draft, contentHash: contentHash(draft), textHash: textHash(draft) }, knowledge: { version: KNOWLEDGE_VERSION, extraction } };
    }),
  );
  expect(await updateCorpusGraph(store)).toMatchObject({ written: true });
}

async function remove(store: GraphStore, ids: string[]): Promise<void> {
  expect((await store.removePapers(ids)).unknown).toEqual([]);
  expect(await updateCorpusGraph(store)).toMatchObject({ written: true });
}

/**
 * The store's graph equals the one built from scratch on its papers' knowledge, written into a fresh store, once its
 * communities are refreshed (an update leaves them behind).
 */
async function expectRebuildEquals(store: GraphStore, keys: string[]): Promise<void> {
  expect(await refreshCommunities(store)).toMatchObject({ fresh: true });
  const knowledge = await store.paperKnowledge();
  const rebuilt = newStore();
  expect(await rebuilt.writeCorpusGraph(buildCorpusGraph(knowledge), 1)).toBe(true);
  const paperIds = knowledge.map((k) => k.paperId);
  const expected = await corpusSnapshot(rebuilt, keys, paperIds);
  await rebuilt.close();
  expect(await corpusSnapshot(store, keys, paperIds)).toEqual(expected);
}

test('the number of papers moves the broad line: a concept no changed paper names turns broad and back', async () => {
  const store = newStore();
  const ids = Array.from({ length: 211 }, (_, i) => `arxiv:2401.${String(10000 + i)}`);
  // "x machine" in 21 papers (11 write it out, 10 only as "XM"): broad among 200 (21 > 20) and 209, not among 210
  // (21 > 21 is false) nor 199. Its entity, in at most 11 papers under one key, is never broad itself.
  const xm = (i: number) => (i < 11 ? concept('x machine', 'x machine', ['x machine', 'XM']) : i < 21 ? concept('xm', 'XM') : concept('y'));
  const papers = ids.map((id, i): [string, Partial<PaperKnowledge>] => [id, { concepts: [xm(i), concept('z')] }]);
  await write(store, papers.slice(0, 200));
  const broad = async () => (await store.getConcepts(['x machine'])).get('x machine')!.broad;
  expect(await broad()).toBe(true);
  for (const paper of papers.slice(200, 210)) await write(store, [paper]);
  expect(await broad()).toBe(false);
  await expectRebuildEquals(store, ['x machine', 'xm', 'y', 'z']);
  await remove(store, ids.slice(199, 210));
  await write(store, [papers[199]]);
  expect(await broad()).toBe(true);
  await remove(store, [ids[199]]);
  expect(await broad()).toBe(false);
  await expectRebuildEquals(store, ['x machine', 'xm', 'y', 'z']);
  await store.close();
});

test('a method alias that goes moves the papers whose method keys led through it, and their roles and aliases', async () => {
  const store = newStore();
  const automix = { ...method('automatic mixup', 'automatic mixup', 'PROPOSES'), aliases: ['automatic mixup', 'AMix'] };
  const amix = { ...method('amix', 'AMix', 'USES'), aliases: ['AMix', 'AM'] };
  // "am" → "amix" → "automatic mixup": the third paper's method is automatic mixup while the first paper says so.
  const papers: [string, Partial<PaperKnowledge>][] = [
    ['arxiv:2402.00001', { methods: [automix], concepts: [concept('mixup'), concept('augmentation')] }],
    ['arxiv:2402.00002', { methods: [amix], concepts: [concept('mixup')] }],
    ['arxiv:2402.00003', { methods: [method('am', 'AM', 'COMPARES')], concepts: [concept('augmentation')] }],
  ];
  const keys = ['automatic mixup', 'amix', 'am', 'mixup', 'augmentation'];
  await write(store, papers);
  expect(await store.resolveMethod('am')).toBe('automatic mixup');
  await expectRebuildEquals(store, keys);
  await remove(store, ['arxiv:2402.00001']);
  expect(await store.resolveMethod('am')).toBe('amix');
  expect((await store.paperMethods(['arxiv:2402.00003'])).map((r) => r.method)).toEqual(['amix']);
  await expectRebuildEquals(store, keys);
  await write(store, [papers[0]]);
  await expectRebuildEquals(store, keys);
  await store.close();
});

test('a concept that loses a form, or the papers that made it the likelier, loses its alias', async () => {
  const store = newStore();
  const defines = concept('alpha beta', 'alpha beta', ['alpha beta', 'AB']);
  const papers: [string, Partial<PaperKnowledge>][] = [
    ['arxiv:2403.00001', { concepts: [defines, concept('gamma')] }],
    ['arxiv:2403.00002', { concepts: [concept('alpha beta'), concept('gamma')] }],
    ['arxiv:2403.00003', { concepts: [{ ...concept('alpha beta method', 'alpha beta method', ['alpha beta method', 'AB']), inTitle: true }] }],
  ];
  const keys = ['alpha beta', 'ab', 'gamma', 'alpha beta method'];
  await write(store, papers);
  expect(await store.resolveConcept('ab')).toBe('alpha beta');
  await expectRebuildEquals(store, keys);
  // The first paper no longer writes "AB": the form is the other concept's alone.
  await write(store, [['arxiv:2403.00001', { concepts: [concept('alpha beta'), concept('gamma')] }]]);
  await expectRebuildEquals(store, keys);
  await remove(store, ['arxiv:2403.00003']);
  expect(await store.resolveConcept('ab')).toBe(null);
  await expectRebuildEquals(store, keys);
  await store.close();
});
