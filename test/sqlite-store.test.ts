import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../graph/sqlite/migrations';
import { SqliteGraphStore } from '../graph/sqlite/store';
import { paperWrite, vec } from './contract/fixtures';
import { describeGraphStoreContract } from './contract/graph-store';
import { tempDir } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

describeGraphStoreContract(
  'sqlite',
  async () => new SqliteGraphStore(path.join(tmp.dir, `store-${++n}.db`)),
  async () => new SqliteGraphStore(path.join(tmp.dir, `store-${n}.db`)),
);

test('migration 2 indexes the papers a version-1 store already holds', async () => {
  const file = path.join(tmp.dir, 'v1.db');
  const db = new Database(file);
  db.exec(MIGRATIONS[0]);
  db.pragma('user_version = 1');
  db.prepare(
    `INSERT INTO papers (id, title, abstract, content_hash, text_hash) VALUES ('old', 'Mixup', 'Mixing data.', 'c', 't')`,
  ).run();
  db.close();
  const store = new SqliteGraphStore(file);
  try {
    expect(await store.searchText('mixing', 5)).toEqual([{ id: 'old', score: expect.any(Number) }]);
  } finally {
    await store.close();
  }
});

test('a store another process holds locked fails a write with a StoreError naming the file, not an SQLite error', async () => {
  const file = path.join(tmp.dir, 'locked.db');
  const store = new SqliteGraphStore(file);
  const other = new Database(file);
  try {
    other.exec('BEGIN IMMEDIATE');
    // better-sqlite3 waits 5 s for the lock, then gives up.
    await expect(store.writePapers([paperWrite('p1')])).rejects.toMatchObject({
      name: 'StoreError',
      kind: 'locked',
      message: `${file}: the store is locked by another process; try again`,
    });
    other.exec('ROLLBACK');
    await store.writePapers([paperWrite('p1')]);
    expect((await store.stats()).papers).toBe(1);
  } finally {
    other.close();
    await store.close();
  }
}, 20_000);

test('migration 6 makes the papers a version-5 store holds known by their ids, so references resolve to them', async () => {
  const file = path.join(tmp.dir, 'v5.db');
  const db = new Database(file);
  for (const migration of MIGRATIONS.slice(0, 5)) db.exec(migration);
  db.pragma('user_version = 5');
  const insert = db.prepare(`INSERT INTO papers (id, title, abstract, content_hash, text_hash) VALUES (?, ?, 'Mixing.', 'c', 't')`);
  insert.run('arxiv:1710.09412', 'mixup');
  insert.run('title:abc', 'A listed paper');
  db.close();
  const store = new SqliteGraphStore(file);
  try {
    expect(await store.findPaperKeys(['arxiv:1710.09412', 'title:abc'])).toEqual([
      { key: 'arxiv:1710.09412', paperId: 'arxiv:1710.09412', kind: 'id' },
      { key: 'title:abc', paperId: 'title:abc', kind: 'title' },
    ]);
    await store.writePapers([
      {
        paper: { id: 'new', title: 'New', abstract: 'Cites both.', authors: [], keywords: [], contentHash: 'c', textHash: 't' },
        links: { aliases: [], titleKey: null, references: [['arxiv:1710.09412'], ['title:abc']] },
      },
    ]);
    expect((await store.citations('new', 'references', { first: 5 })).items).toEqual(['arxiv:1710.09412', 'title:abc']);
  } finally {
    await store.close();
  }
});

test('migration 13 makes a version-12 store’s papers a rowid table, keeping its rows, indexes and triggers', async () => {
  const file = path.join(tmp.dir, 'v12.db');
  const db = new Database(file);
  for (const migration of MIGRATIONS.slice(0, 12)) db.exec(migration);
  db.pragma('user_version = 12');
  const insert = db.prepare(
    `INSERT INTO papers (id, title, abstract, year, content_hash, text_hash, vector, vector_model, knowledge, generation)
     VALUES (?, ?, ?, 2017, 'c', 't', ?, 'm', '{}', 3)`,
  );
  insert.run('a', 'Mixup', 'Mixing images and labels.', Buffer.from(vec(1, 0).buffer));
  insert.run('b', 'CutMix', 'Cutting and pasting patches.', Buffer.from(vec(0, 1).buffer));
  db.prepare(`INSERT INTO related_prepared (paper_id, stamp, data) VALUES ('b', 's', x'00')`).run();
  db.close();

  const store = new SqliteGraphStore(file);
  const raw = new Database(file, { readonly: true });
  const count = (table: string) => raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  try {
    expect(raw.prepare(`SELECT sql FROM sqlite_master WHERE name = 'papers'`).pluck().get()).not.toMatch(/WITHOUT ROWID/);
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE tbl_name = 'papers' AND type = 'index' AND sql IS NOT NULL ORDER BY name`).pluck().all()).toEqual([
      'papers_generation',
      'papers_knowledge',
      'papers_vector_model',
    ]);
    expect([...(await store.getPapers(['a', 'b'])).values()].map((p) => [p.id, p.title, p.year])).toEqual([
      ['a', 'Mixup', 2017],
      ['b', 'CutMix', 2017],
    ]);
    expect((await store.knowledgeSince(2)).papers.map((p) => p.paperId)).toEqual(['a', 'b']);
    expect(await store.nearestByVector('m', vec(0, 1), 1)).toEqual([{ id: 'b', score: expect.closeTo(1, 6) }]);

    // The triggers: full-text index and its log, the vector log, prepared entries of removed papers.
    const [ftsLog, vectorLog] = [count('papers_fts_changes'), count('vector_changes')];
    await store.writePapers([paperWrite('a', { title: 'Mixup', abstract: 'Blending images.' }, { model: 'm', values: vec(1, 1) })]);
    expect(await store.searchText('blending', 5)).toEqual([{ id: 'a', score: expect.any(Number) }]);
    expect(await store.searchText('labels', 5)).toEqual([]);
    expect([count('papers_fts_changes'), count('vector_changes')]).toEqual([ftsLog + 1, vectorLog + 1]);
    await store.removePapers(['b']);
    expect(await store.searchText('patches', 5)).toEqual([]);
    expect(count('related_prepared')).toBe(0);
    expect(count('vector_changes')).toBe(vectorLog + 2);
  } finally {
    raw.close();
    await store.close();
  }
});
