import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { quoted } from '../graph/base';
import { queryWords } from '../graph/query-words';
import { LexicalSearch } from '../graph/sqlite/lexical-index';
import { ftsSearch, SqliteGraphStore } from '../graph/sqlite/store';
import { paperWrite } from './contract/fixtures';
import { ML_PAPERS_SLICE, tempDir } from './support/fixtures';

/**
 * The in-memory lexical index (graph/sqlite/lexical-index.ts) against FTS5 itself on real abstracts: the same papers,
 * in the same order, with the same scores, after writes from its own connection, from another one, and after
 * reopening. Every comparison asks FTS5 through a connection of its own (ftsSearch), so a stale index fails.
 */
/** Papers written first; the slice's other 100 are written later. */
const SAMPLE = 100;
const K = 201;

interface Source {
  id: string;
  title: string;
  abstract: string;
}

const corpus: Source[] = fs
  .readFileSync(ML_PAPERS_SLICE, 'utf8')
  .split('\n')
  .slice(0, SAMPLE + 100)
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Source);
const first = corpus.slice(0, SAMPLE);
const later = corpus.slice(SAMPLE);

/** Queries as related work asks them: a paper's first 40 distinct words; a few short ones; stems that repeat. */
const queries: string[][] = [
  ...corpus.filter((_, i) => i % 12 === 0).map((p) => queryWords(`${p.title} ${p.abstract}`).slice(0, 40)),
  ['model', 'models', 'modelling'],
  ['the'],
  ['graph', 'neural', 'network'],
  ['unseenword', 'kernel'],
];

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

function write(store: SqliteGraphStore, papers: Source[]): Promise<unknown> {
  return store.writePapers(papers.map((p) => paperWrite(p.id, { title: p.title, abstract: p.abstract })));
}

/** Every query answered by `search` equals FTS5's answer read through `fts`. */
async function expectFtsAnswers(fts: Database.Database, search: (words: string[]) => unknown | Promise<unknown>): Promise<void> {
  for (const words of queries) {
    const expected = ftsSearch(fts, quoted(words), K);
    expect(expected.length).toBeGreaterThan(words.includes('unseenword') ? 0 : 1);
    expect({ words, hits: await search(words) }).toEqual({ words, hits: expected });
  }
}

test('answers as FTS5 does, and stays so through writes from its own connection, another connection, and reopening', async () => {
  const file = path.join(tmp.dir, `store-${++n}.db`);
  const store = new SqliteGraphStore(file);
  const fts = new Database(file);
  try {
    await write(store, first);
    const stats = await store.lexicalIndexReady();
    expect(stats).toMatchObject({ papers: SAMPLE, buildMs: expect.any(Number) });
    expect(stats!.postings).toBeGreaterThan(stats!.terms);
    await expectFtsAnswers(fts, (words) => store.searchText(words.join(' '), K));

    // Its own connection: new papers, edited abstracts (one made another's, two swapped: the average length stays), a
    // title alone, removals.
    await write(store, later.slice(0, 50));
    await expectFtsAnswers(fts, (words) => store.searchText(words.join(' '), K));
    await write(store, [
      { ...first[40], abstract: first[41].abstract },
      { ...first[41], abstract: first[40].abstract },
    ]);
    await expectFtsAnswers(fts, (words) => store.searchText(words.join(' '), K));
    await write(store, [
      { ...first[1], abstract: first[2].abstract },
      { ...first[3], title: 'Kernel kernel kernel' },
      { ...first[4], abstract: '' },
    ]);
    await store.removePapers(first.slice(10, 30).map((p) => p.id));
    await expectFtsAnswers(fts, (words) => store.searchText(words.join(' '), K));
    expect((await store.lexicalIndexReady())!.papers).toBe(SAMPLE + 50 - 20);

    // Another connection (another process, the server's ingest worker): insert, update, delete, an id's rowid reused.
    const other = new SqliteGraphStore(file);
    await write(other, later.slice(50));
    await other.removePapers([later[99].id]);
    await write(other, [{ ...later[99], abstract: first[5].abstract }]);
    fts.prepare(`UPDATE papers SET abstract = ? WHERE id = ?`).run(first[6].abstract, first[7].id);
    fts.prepare(`DELETE FROM papers WHERE id = ?`).run(first[8].id);
    await other.close();
    await expectFtsAnswers(fts, (words) => store.searchText(words.join(' '), K));
    await expect(store.wordPaperCounts(['kernel', 'the', 'unseenword', 'models'])).resolves.toEqual(
      new Map(['kernel', 'the', 'unseenword', 'models'].map((w) => [w, ftsSearch(fts, quoted([w]), 100_000).length])),
    );
  } finally {
    fts.close();
    await store.close();
  }
  const reopened = new SqliteGraphStore(file);
  const fts2 = new Database(file);
  try {
    expect(await reopened.lexicalIndexReady()).toMatchObject({ papers: SAMPLE + 100 - 20 - 1 });
    await expectFtsAnswers(fts2, (words) => reopened.searchText(words.join(' '), K));
  } finally {
    fts2.close();
    await reopened.close();
  }
});

test('the index itself, not FTS5, answers; it catches up change by change, and reads itself again when far behind', async () => {
  const file = path.join(tmp.dir, `store-${++n}.db`);
  const store = new SqliteGraphStore(file);
  const db = new Database(file);
  const lexical = new LexicalSearch(db, file);
  try {
    await write(store, first);
    expect(lexical.search(['kernel'], K)).toBeNull();
    await lexical.ready();
    await expectFtsAnswers(db, (words) => lexical.search(words, K));

    await write(store, later);
    await store.removePapers(first.slice(0, 40).map((p) => p.id));
    // The store's cache tells it when the database moved; here the test does.
    lexical.changed();
    await expectFtsAnswers(db, (words) => lexical.search(words, K));
    const counts = lexical.counts(['kernel', 'unseenword'])!;
    expect(counts).toEqual(new Map([['kernel', ftsSearch(db, '"kernel"', 100_000).length], ['unseenword', 0]]));

    // More changes than the log keeps (5,000): the index is read again, in the background; FTS5 answers meanwhile.
    const edit = db.prepare(`UPDATE papers SET abstract = ? WHERE id = ?`);
    const rounds = Math.ceil(5_600 / (SAMPLE - 40));
    db.transaction(() => {
      for (let round = 0; round < rounds; round++) {
        first.slice(40).forEach((p, i) => edit.run(`${first[(i + round) % first.length].abstract} ${round}`, p.id));
      }
    })();
    lexical.changed();
    expect(lexical.search(['kernel'], K)).toBeNull();
    expect((await lexical.ready())!.papers).toBe(SAMPLE + 100 - 40);
    await expectFtsAnswers(db, (words) => lexical.search(words, K));
  } finally {
    lexical.close();
    db.close();
    await store.close();
  }
});

test('without a file to hand a worker (a store in memory), the index is read at once on the connection itself', async () => {
  const file = path.join(tmp.dir, `store-${++n}.db`);
  const store = new SqliteGraphStore(file);
  const db = new Database(file);
  const lexical = new LexicalSearch(db, null);
  try {
    await write(store, first);
    await expectFtsAnswers(db, (words) => lexical.search(words, K));
    await store.removePapers(first.slice(0, 20).map((p) => p.id));
    lexical.changed();
    await expectFtsAnswers(db, (words) => lexical.search(words, K));
  } finally {
    lexical.close();
    db.close();
    await store.close();
  }
});
