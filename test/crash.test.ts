import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteGraphStore } from '../graph/sqlite/store';
import type { GraphStore } from '../graph/store';
import { PROJECT_ROOT } from '../src/paths';
import { spawnSyncWithin, within, CHILD_TIMEOUT_MS } from './support/child';
import { ML_PAPERS_SLICE, tempDir } from './support/fixtures';

// A real `kill -9` of a child `litgraph ingest` (the built CLI: `npm test` builds first), during the batch writes and
// during the corpus-graph update; then the same ingest again must leave a store whose whole content, read through the
// store port, is that of an ingest that was never interrupted.
const BIN = path.join(PROJECT_ROOT, 'dist/src/cli.js');
const PAPERS = 64;
const BATCH = '8';
const tmp = tempDir();
afterAll(() => tmp.cleanup());

const lines = fs.readFileSync(ML_PAPERS_SLICE, 'utf8').split('\n').slice(0, PAPERS);
const corpus = path.join(tmp.dir, 'papers.jsonl');
fs.writeFileSync(corpus, `${lines.join('\n')}\n`);
const firstHalf = path.join(tmp.dir, 'first-half.jsonl');
fs.writeFileSync(firstHalf, `${lines.slice(0, PAPERS / 2).join('\n')}\n`);

const env = (db: string, extra: NodeJS.ProcessEnv = {}) => ({ ...process.env, LITGRAPH_DB: db, ...extra });

function ingest(db: string, file = corpus): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSyncWithin(process.execPath, [BIN, 'ingest', file, '--batch-size', BATCH], { env: env(db), encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Reads the store file through a separate read-only connection; null while it is not there or not migrated yet. */
function peek<T>(db: string, sql: string): T | null {
  if (!fs.existsSync(db)) return null;
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return conn.prepare(sql).get() as T;
    } finally {
      conn.close();
    }
  } catch {
    return null;
  }
}

const CORPUS_STATE = `SELECT (SELECT value FROM store_state WHERE key = 'papers_generation') AS papers,
                             (SELECT value FROM store_state WHERE key = 'corpus_generation') AS corpus,
                             (SELECT count(*) FROM papers) AS count, (SELECT count(*) FROM concepts) AS concepts`;
type State = { papers: number; corpus: number; count: number; concepts: number };

/** Starts `litgraph ingest` and kills it with SIGKILL as soon as `when` says so; resolves with the state it left. */
async function killDuring(
  db: string,
  when: (state: State | null, stderr: string) => boolean,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<State> {
  const child = spawn(process.execPath, [BIN, 'ingest', corpus, '--batch-size', BATCH], {
    env: env(db, extraEnv),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  let finished: NodeJS.Signals | number | null | undefined;
  void exited.then((how) => (finished = how));
  const deadline = Date.now() + CHILD_TIMEOUT_MS;
  while (finished === undefined && !when(peek<State>(db, CORPUS_STATE), stderr)) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gave up after ${CHILD_TIMEOUT_MS / 1000}s waiting for litgraph ingest to reach the kill point\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  // Killed at the point asked for, not finished on its own before it.
  expect(await within(CHILD_TIMEOUT_MS, 'the killed litgraph ingest to exit', exited, () => stderr)).toBe('SIGKILL');
  return peek<State>(db, CORPUS_STATE)!;
}

/** Everything the store holds, read through the port, in a canonical order (no timestamps, no generation numbers). */
async function dump(db: string): Promise<unknown> {
  const store: GraphStore = new SqliteGraphStore(db, { mustExist: true });
  try {
    const state = await store.corpusState();
    const papers = (await store.listPapers({ first: 10_000 })).items;
    const ids = papers.map((p) => p.id);
    const concepts = (await store.listConcepts({ first: 100_000 })).items;
    const conceptKeys = concepts.map((c) => c.key);
    const methods = (await store.listMethods({ first: 100_000 })).items;
    const methodKeys = methods.map((m) => m.key);
    const perConcept = [];
    for (const key of conceptKeys) {
      perConcept.push({
        key,
        neighbours: await store.conceptNeighbours(key, 100_000),
        papers: (await store.conceptPapers(key, { first: 100_000 })).items,
        broader: await store.conceptHierarchy(key, 'broader'),
        aliasesResolve: await Promise.all(concepts.find((c) => c.key === key)!.aliases.map((a) => store.resolveConcept(a.toLowerCase()))),
      });
    }
    return {
      upToDate: state.corpusGeneration === state.papersGeneration,
      stats: await store.stats(),
      papers,
      vectors: (await store.vectors('use-lite')).map((v) => ({ id: v.id, values: Array.from(v.values) })),
      knowledge: await store.paperKnowledge(),
      concepts,
      perConcept,
      paperConcepts: [...(await store.paperConcepts(ids))],
      methods,
      roles: await store.methodRoles(methodKeys),
      lineage: await store.lineageEdges(methodKeys, 'parents'),
    };
  } finally {
    await store.close();
  }
}

let reference: unknown;
beforeAll(async () => {
  expect(fs.existsSync(BIN)).toBe(true);
  const db = path.join(tmp.dir, 'reference.db');
  expect(ingest(db).code).toBe(0);
  reference = await dump(db);
  expect(reference).toMatchObject({ upToDate: true, stats: { papers: PAPERS, vectorsByModel: { 'use-lite': PAPERS } } });
}, 300_000);

test('kill -9 during the batch writes, then the same ingest: the store ends as if never interrupted', async () => {
  const db = path.join(tmp.dir, 'killed-in-writes.db');
  // Batches of 8 commit one by one: kill as soon as some, not all, are in.
  const left = await killDuring(db, (state) => state !== null && state.count > 0 && state.count < PAPERS);
  expect(left.count).toBeGreaterThan(0);
  expect(left.count).toBeLessThan(PAPERS);
  expect(left.count % Number(BATCH)).toBe(0);
  expect(left.corpus).toBeLessThan(left.papers);
  const rerun = ingest(db);
  expect(rerun.code).toBe(0);
  expect(rerun.stdout).toMatch(new RegExp(`new ${PAPERS - left.count}, changed 0, unchanged ${left.count}`));
  expect(await dump(db)).toEqual(reference);
}, 300_000);

test('kill -9 during the corpus-graph update, then the same ingest: "unchanged", and the graph is rebuilt', async () => {
  const db = path.join(tmp.dir, 'killed-in-graph.db');
  // A store with the graph of the first half, then the whole corpus, killed while its corpus graph is being
  // updated: held there by the documented test hook (ingest/corpus.ts, LITGRAPH_TEST_HOLD).
  expect(ingest(db, firstHalf).code).toBe(0);
  const half = peek<State>(db, CORPUS_STATE)!;
  const left = await killDuring(db, (_, stderr) => stderr.includes('holding at corpus-graph'), {
    LITGRAPH_TEST_HOLD: 'corpus-graph',
  });
  expect(left).toMatchObject({ count: PAPERS, concepts: half.concepts });
  expect(left.corpus).toBeLessThan(left.papers);
  const rerun = ingest(db);
  expect(rerun.code).toBe(0);
  expect(rerun.stdout).toMatch(new RegExp(`new 0, changed 0, unchanged ${PAPERS}`));
  expect(rerun.stdout).toMatch(/corpus graph rebuilt/);
  expect(await dump(db)).toEqual(reference);
}, 300_000);
