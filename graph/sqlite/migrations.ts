import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { StoreError } from '../store';

/** The triggers on `papers` that keep its full-text index and the log of its changes (migration 8). */
const FTS_TRIGGERS = `   CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
     INSERT INTO papers_fts_ids (id) VALUES (new.id);
     INSERT INTO papers_fts_changes (doc) SELECT rowid FROM papers_fts_ids WHERE id = new.id;
     INSERT INTO papers_fts (rowid, title, abstract)
       VALUES ((SELECT rowid FROM papers_fts_ids WHERE id = new.id), new.title, new.abstract);
   END;
   CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract ON papers
     WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract BEGIN
     INSERT INTO papers_fts_changes (doc, title, abstract)
       SELECT rowid, old.title, old.abstract FROM papers_fts_ids WHERE id = new.id;
     UPDATE papers_fts SET title = new.title, abstract = new.abstract
       WHERE rowid = (SELECT rowid FROM papers_fts_ids WHERE id = new.id);
   END;
   CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
     INSERT INTO papers_fts_changes (doc, title, abstract)
       SELECT rowid, old.title, old.abstract FROM papers_fts_ids WHERE id = old.id;
     DELETE FROM papers_fts WHERE rowid = (SELECT rowid FROM papers_fts_ids WHERE id = old.id);
     DELETE FROM papers_fts_ids WHERE id = old.id;
   END;
`;

/** The triggers on `papers` that log the papers whose vector changed (migration 9). */
const VECTOR_TRIGGERS = `   CREATE TRIGGER papers_vector_insert AFTER INSERT ON papers WHEN new.vector IS NOT NULL BEGIN
     INSERT INTO vector_changes (id) VALUES (new.id);
   END;
   CREATE TRIGGER papers_vector_update AFTER UPDATE OF vector, vector_model ON papers
     WHEN old.vector IS NOT new.vector OR old.vector_model IS NOT new.vector_model BEGIN
     INSERT INTO vector_changes (id) VALUES (new.id);
   END;
   CREATE TRIGGER papers_vector_delete AFTER DELETE ON papers WHEN old.vector IS NOT NULL BEGIN
     INSERT INTO vector_changes (id) VALUES (old.id);
   END;
`;

/** The trigger on `papers` that removes a removed paper's prepared related work (migration 11). */
const PREPARED_TRIGGER = `   CREATE TRIGGER papers_related_prepared_delete AFTER DELETE ON papers BEGIN
     DELETE FROM related_prepared WHERE paper_id = old.id;
   END;`;

/** Schema migrations, applied in order; `PRAGMA user_version` records how many have run. Never edit a shipped one. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE papers (
     id           TEXT PRIMARY KEY,
     title        TEXT NOT NULL,
     abstract     TEXT NOT NULL,
     authors      TEXT NOT NULL DEFAULT '[]',
     year         INTEGER,
     venue        TEXT,
     url          TEXT,
     keywords     TEXT NOT NULL DEFAULT '[]',
     content_hash TEXT NOT NULL,
     text_hash    TEXT NOT NULL,
     vector       BLOB,
     vector_model TEXT,
     created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     CHECK ((vector IS NULL) = (vector_model IS NULL))
   ) WITHOUT ROWID;
   CREATE INDEX papers_vector_model ON papers (vector_model);`,
  // 2: full-text index over title and abstract, kept in sync with `papers` by triggers. `papers` has no rowid, so
  // `papers_fts_ids` gives each paper the integer key an FTS5 row needs.
  `CREATE TABLE papers_fts_ids (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
   CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, tokenize = 'porter unicode61 remove_diacritics 2');
   INSERT INTO papers_fts_ids (id) SELECT id FROM papers ORDER BY id;
   INSERT INTO papers_fts (rowid, title, abstract)
     SELECT i.rowid, p.title, p.abstract FROM papers p JOIN papers_fts_ids i ON i.id = p.id;
   CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
     INSERT INTO papers_fts_ids (id) VALUES (new.id);
     INSERT INTO papers_fts (rowid, title, abstract)
       VALUES ((SELECT rowid FROM papers_fts_ids WHERE id = new.id), new.title, new.abstract);
   END;
   CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract ON papers
     WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract BEGIN
     UPDATE papers_fts SET title = new.title, abstract = new.abstract
       WHERE rowid = (SELECT rowid FROM papers_fts_ids WHERE id = new.id);
   END;
   CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
     DELETE FROM papers_fts WHERE rowid = (SELECT rowid FROM papers_fts_ids WHERE id = old.id);
     DELETE FROM papers_fts_ids WHERE id = old.id;
   END;`,
  `ALTER TABLE papers ADD COLUMN knowledge TEXT;
   ALTER TABLE papers ADD COLUMN knowledge_version TEXT;
   CREATE TABLE concepts (
     key         TEXT PRIMARY KEY,
     name        TEXT NOT NULL,
     aliases     TEXT NOT NULL,
     kind        TEXT NOT NULL,
     paper_count INTEGER NOT NULL,
     community   INTEGER
   ) WITHOUT ROWID;
   CREATE INDEX concepts_rank ON concepts (paper_count DESC, key);
   CREATE TABLE concept_aliases (alias TEXT PRIMARY KEY, concept TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE concept_mentions (
     concept  TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     weight   REAL NOT NULL,
     PRIMARY KEY (concept, paper_id)
   ) WITHOUT ROWID;
   CREATE INDEX concept_mentions_paper ON concept_mentions (paper_id, weight DESC);
   CREATE TABLE concept_cooccurrences (
     a     TEXT NOT NULL,
     b     TEXT NOT NULL,
     count INTEGER NOT NULL,
     npmi  REAL NOT NULL,
     PRIMARY KEY (a, b)
   ) WITHOUT ROWID;
   CREATE INDEX concept_cooccurrences_b ON concept_cooccurrences (b);
   CREATE TABLE concept_broader (narrower TEXT PRIMARY KEY, broader TEXT NOT NULL) WITHOUT ROWID;
   CREATE INDEX concept_broader_broader ON concept_broader (broader);
   CREATE TABLE methods (
     key         TEXT PRIMARY KEY,
     name        TEXT NOT NULL,
     aliases     TEXT NOT NULL,
     paper_count INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX methods_rank ON methods (paper_count DESC, key);
   CREATE TABLE method_aliases (alias TEXT PRIMARY KEY, method TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE method_roles (
     method   TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     role     TEXT NOT NULL,
     evidence TEXT NOT NULL,
     PRIMARY KEY (method, paper_id, role)
   ) WITHOUT ROWID;
   CREATE INDEX method_roles_paper ON method_roles (paper_id);
   CREATE TABLE lineage (
     child      TEXT NOT NULL,
     parent     TEXT NOT NULL,
     relation   TEXT NOT NULL,
     paper_id   TEXT NOT NULL,
     evidence   TEXT NOT NULL,
     confidence REAL NOT NULL,
     PRIMARY KEY (child, parent, relation, paper_id)
   ) WITHOUT ROWID;
   CREATE INDEX lineage_parent ON lineage (parent);`,
  // 4: generations of the papers and of the corpus graph (graph/store.ts, CorpusState). A store that already holds
  // papers starts out of date, so a graph left stale by a crash before this version is rebuilt once.
  `CREATE TABLE store_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO store_state (key, value) VALUES
     ('papers_generation', (SELECT count(*) > 0 FROM papers)),
     ('corpus_generation', 0);`,
  // 5: knowledge graph v2: five entity types, broad concepts kept and flagged, filtered names with their reason.
  `ALTER TABLE concepts ADD COLUMN broad INTEGER NOT NULL DEFAULT 0;
   UPDATE concepts SET kind = 'concept' WHERE kind = 'other';
   CREATE TABLE filtered_names (
     key         TEXT PRIMARY KEY,
     reason      TEXT NOT NULL,
     paper_count INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // 6: identity and citations (graph/sqlite/citations.ts): every key a paper is known by (id, aliases, title key),
  // its references as the keys each may be known by, and the resolved CITES edges.
  `CREATE TABLE paper_keys (
     key      TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     kind     TEXT NOT NULL CHECK (kind IN ('id', 'title')),
     PRIMARY KEY (key, paper_id)
   ) WITHOUT ROWID;
   CREATE INDEX paper_keys_paper ON paper_keys (paper_id);
   INSERT INTO paper_keys (key, paper_id, kind)
     SELECT id, id, CASE WHEN id LIKE 'title:%' THEN 'title' ELSE 'id' END FROM papers;
   CREATE TABLE paper_links (
     paper_id   TEXT PRIMARY KEY,
     aliases    TEXT NOT NULL,
     title_key  TEXT,
     refs       TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE paper_references (
     paper_id TEXT NOT NULL,
     ord      INTEGER NOT NULL,
     key      TEXT NOT NULL,
     PRIMARY KEY (paper_id, ord, key)
   ) WITHOUT ROWID;
   CREATE INDEX paper_references_key ON paper_references (key);
   CREATE TABLE cites (citing TEXT NOT NULL, cited TEXT NOT NULL, PRIMARY KEY (citing, cited)) WITHOUT ROWID;
   CREATE INDEX cites_cited ON cites (cited, citing);`,
  // 7: the papers generation of each paper's last write, so an incremental corpus update reads
  // only the papers written since the graph it updates (ingest/corpus.ts). Papers from before remember 0.
  `ALTER TABLE papers ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX papers_generation ON papers (generation);`,
  // 8: a log of the full-text rows changed, for the in-memory lexical index (graph/sqlite/lexical-index.ts) of every
  // connection to catch up from: the FTS5 row and its text before the change (none for a new row). The triggers of
  // migration 2 are made again with the log written first. The log keeps its last 5,000 entries (trimmed every 500),
  // and `fts_changes_trimmed` says up to where it was trimmed (an index older than that is read again).
  `CREATE TABLE papers_fts_changes (
     seq      INTEGER PRIMARY KEY AUTOINCREMENT,
     doc      INTEGER NOT NULL,
     title    TEXT,
     abstract TEXT
   );
   INSERT INTO store_state (key, value) VALUES ('fts_changes_trimmed', 0);
   DROP TRIGGER papers_fts_insert;
   DROP TRIGGER papers_fts_update;
   DROP TRIGGER papers_fts_delete;
${FTS_TRIGGERS}   CREATE TRIGGER papers_fts_changes_trim AFTER INSERT ON papers_fts_changes
     WHEN new.seq % 500 = 0 BEGIN
     DELETE FROM papers_fts_changes WHERE seq <= new.seq - 5000;
     UPDATE store_state SET value = max(value, new.seq - 5000) WHERE key = 'fts_changes_trimmed';
   END;`,
  // 9: a log of the papers whose vector was added, changed or removed, for the vectors each connection keeps in memory
  // (graph/sqlite/vector-matrix.ts) to catch up from. It keeps its last 5,000 entries (trimmed every 500), and
  // `vector_changes_trimmed` says up to where it was trimmed (vectors kept from before that are read again whole).
  `CREATE TABLE vector_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL);
   INSERT INTO store_state (key, value) VALUES ('vector_changes_trimmed', 0);
${VECTOR_TRIGGERS}   CREATE TRIGGER vector_changes_trim AFTER INSERT ON vector_changes WHEN new.seq % 500 = 0 BEGIN
     DELETE FROM vector_changes WHERE seq <= new.seq - 5000;
     UPDATE store_state SET value = max(value, new.seq - 5000) WHERE key = 'vector_changes_trimmed';
   END;`,
  // 10: co-occurrences are stored as pair counts, their NPMI computed when read (graph/store.ts, CorpusTables): a new
  // paper changes every pair's NPMI but only a few counts. `corpus_documents`: the papers the stored graph was built
  // from (those with knowledge; a graph out of date is rebuilt whole by the next update anyway).
  `ALTER TABLE concept_cooccurrences DROP COLUMN npmi;
   INSERT INTO store_state (key, value) VALUES ('corpus_documents', (SELECT count(*) FROM papers WHERE knowledge IS NOT NULL));`,
  // 11: prepared related work (src/services/related-prepared.ts): one entry a paper, stamped with the content version
  // (and model) it was computed from; a removed paper's entry goes with it.
  `CREATE TABLE related_prepared (paper_id TEXT PRIMARY KEY, stamp TEXT NOT NULL, data BLOB NOT NULL);
${PREPARED_TRIGGER}`,
  // 12: communities are computed apart from the corpus graph's updates (ingest/communities.ts): the corpus generation
  // they were computed from (absent: none yet), when they were written (ms since the epoch), and a count of the writes
  // that changed one, for the content version. A stored graph's communities were computed with it.
  `INSERT INTO store_state (key, value) SELECT 'communities_generation', value FROM store_state
     WHERE key = 'corpus_generation' AND value > 0;
   INSERT INTO store_state (key, value) VALUES ('communities_writes', 0);`,
  // 13: `papers` as a rowid table. Its rows (abstract, knowledge, vector: about 8 KiB) made the WITHOUT ROWID b-tree
  // slow to search: a lookup by id took 10 to 25 times as long (123 against 13 µs at 3,451 papers, 218 against 11 µs
  // at 100,000). Its indexes and triggers are made again as they were, but for the vector model's index, which now
  // holds the ids in order (the vectors are read in id order, graph/sqlite/vector-matrix.ts). New: the papers with
  // knowledge by id, which every corpus update counts (a scan of every row took 0.5-0.7 s at 100,000 papers).
  `CREATE TABLE papers_rowid (
     id                TEXT PRIMARY KEY,
     title             TEXT NOT NULL,
     abstract          TEXT NOT NULL,
     authors           TEXT NOT NULL DEFAULT '[]',
     year              INTEGER,
     venue             TEXT,
     url               TEXT,
     keywords          TEXT NOT NULL DEFAULT '[]',
     content_hash      TEXT NOT NULL,
     text_hash         TEXT NOT NULL,
     vector            BLOB,
     vector_model      TEXT,
     created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     knowledge         TEXT,
     knowledge_version TEXT,
     generation        INTEGER NOT NULL DEFAULT 0,
     CHECK ((vector IS NULL) = (vector_model IS NULL))
   );
   INSERT INTO papers_rowid (id, title, abstract, authors, year, venue, url, keywords, content_hash, text_hash, vector,
                             vector_model, created_at, updated_at, knowledge, knowledge_version, generation)
     SELECT id, title, abstract, authors, year, venue, url, keywords, content_hash, text_hash, vector,
            vector_model, created_at, updated_at, knowledge, knowledge_version, generation FROM papers ORDER BY id;
   DROP TABLE papers;
   ALTER TABLE papers_rowid RENAME TO papers;
   CREATE INDEX papers_vector_model ON papers (vector_model, id);
   CREATE INDEX papers_generation ON papers (generation);
   CREATE INDEX papers_knowledge ON papers (id) WHERE knowledge IS NOT NULL;
${FTS_TRIGGERS}${VECTOR_TRIGGERS}${PREPARED_TRIGGER}`,
];

/**
 * The schema's name for caches of built stores (test/eval/ml-store.ts, the benchmarks): its version and a digest of
 * its migrations, so that two lines of work that each add a different migration of the same number never share one.
 */
export const SCHEMA_KEY = `${MIGRATIONS.length}-${crypto.createHash('sha1').update(MIGRATIONS.join('\0')).digest('hex').slice(0, 8)}`;

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StoreError(
      'newer-schema',
      `${db.name}: the store has schema version ${current}, newer than this litgraph knows (${MIGRATIONS.length}): ` +
        `upgrade litgraph`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
