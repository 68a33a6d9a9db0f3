import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Paper, PaperVector } from '../../src/domain';
import { quoted, translateFailures, unknownPaper, type Rows } from '../base';
import type {
  GraphStore,
  PaperFilter,
  PaperFingerprint,
  PaperWrite,
  ScoredId,
  StoreStats,
} from '../store';
import { SqliteCitations } from './citations';
import { openDatabase, storeFailure } from './open';
import { LexicalSearch, type LexicalIndexStats } from './lexical-index';
import { ANN_MIN_VECTORS, exactNearest, VectorIndex, type VectorMatrix } from './vector-index';
import { VectorMatrices } from './vector-matrix';
import { fold, pagedRows, PAPER_COLUMNS, toBlob, toPaper, Where, type PaperRow } from './rows';

/** Full-text searches whose hits are kept (per `k`), the oldest dropped first. */
const SEARCHES_KEPT = 2000;

/** The embedded store: one SQLite file in WAL mode. Papers, vectors and search here; the knowledge graph in knowledge.ts. */
export class SqliteGraphStore extends SqliteCitations implements GraphStore {
  readonly description: string;
  /**
   * Vectors per model, read once and kept current from the store's change log on every change of the database, by this
   * connection or by another one (another process, the server's ingest worker): see ReadCache and vector-matrix.ts.
   */
  private readonly matrices: VectorMatrices;
  /** Approximate indexes per model, for models with at least `annMinVectors` vectors; they follow the matrices. */
  private readonly indexes = new Map<string, VectorIndex>();
  private readonly annMinVectors: number;
  /** The folder beside the store's file where vector indexes are saved, or null for a store in memory. */
  private readonly indexFolder: string | null;
  /** Full-text search from memory, FTS5's answers faster (lexical-index.ts); FTS5 answers until it is ready. */
  private readonly lexical: LexicalSearch;

  /**
   * Opens (and migrates) the store in `file`, creating it unless `mustExist`. Every failure is a StoreError naming
   * the file: no such store, not a database, a newer schema, permissions.
   */
  constructor(file: string, options: { mustExist?: boolean; annMinVectors?: number; lockWaitMs?: number } = {}) {
    super(openDatabase(file, options));
    this.description = `sqlite:${file}`;
    this.annMinVectors = options.annMinVectors ?? ANN_MIN_VECTORS;
    this.indexFolder = file === ':memory:' || file === '' ? null : `${file}.ann`;
    this.matrices = new VectorMatrices(this.db);
    this.lexical = new LexicalSearch(this.db, this.indexFolder === null ? null : file);
    this.cache.onChange(() => {
      this.matrices.changed();
      this.lexical.changed();
    });
  }

  async fingerprints(ids: string[]): Promise<Map<string, PaperFingerprint>> {
    const out = new Map<string, PaperFingerprint>();
    const rows = this.db
      .prepare<
        [string],
        Pick<PaperRow, 'id' | 'content_hash' | 'text_hash' | 'vector_model'> & { knowledge_version: string | null }
      >(
        `SELECT id, content_hash, text_hash, vector_model, knowledge_version
         FROM papers WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids));
    for (const r of rows) {
      out.set(r.id, {
        contentHash: r.content_hash,
        textHash: r.text_hash,
        vectorModel: r.vector_model,
        knowledgeVersion: r.knowledge_version,
      });
    }
    return out;
  }

  protected async upsertPapers(writes: PaperWrite[]): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO papers (id, title, abstract, authors, year, venue, url, keywords, content_hash, text_hash, generation)
       VALUES (@id, @title, @abstract, @authors, @year, @venue, @url, @keywords, @contentHash, @textHash, @generation)
       ON CONFLICT (id) DO UPDATE SET generation = excluded.generation,
         title = excluded.title, abstract = excluded.abstract, authors = excluded.authors, year = excluded.year,
         venue = excluded.venue, url = excluded.url, keywords = excluded.keywords,
         content_hash = excluded.content_hash, text_hash = excluded.text_hash,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    );
    const setVector = this.db.prepare(`UPDATE papers SET vector = ?, vector_model = ? WHERE id = ?`);
    const setKnowledge = this.db.prepare(`UPDATE papers SET knowledge = ?, knowledge_version = ? WHERE id = ?`);
    this.db.transaction(() => {
      const generation = this.db
        .prepare(`UPDATE store_state SET value = value + 1 WHERE key = 'papers_generation' RETURNING value`)
        .pluck()
        .get() as number;
      for (const { paper, vector, knowledge } of writes) {
        upsert.run({
          generation,
          id: paper.id,
          title: paper.title,
          abstract: paper.abstract,
          authors: JSON.stringify(paper.authors),
          year: paper.year ?? null,
          venue: paper.venue ?? null,
          url: paper.url ?? null,
          keywords: JSON.stringify(paper.keywords),
          contentHash: paper.contentHash,
          textHash: paper.textHash,
        });
        if (vector !== undefined) {
          setVector.run(vector && toBlob(vector.values), vector?.model ?? null, paper.id);
        }
        if (knowledge) setKnowledge.run(JSON.stringify(knowledge.extraction), knowledge.version, paper.id);
      }
      this.writeLinks(writes);
    })();
  }

  protected async deletePapers(ids: string[]): Promise<Map<string, string>> {
    return this.db.transaction(() => {
      const named = this.db
        .prepare<[string], { asked: string; paper_id: string | null }>(
          `SELECT a.value AS asked, coalesce(
             (SELECT id FROM papers WHERE id = a.value),
             (SELECT min(paper_id) FROM paper_keys WHERE key = a.value AND kind = 'id')) AS paper_id
           FROM json_each(?) a`,
        )
        .all(JSON.stringify(ids))
        .filter((r) => r.paper_id !== null)
        .map((r): [string, string] => [r.asked, r.paper_id!]);
      if (!named.length) return new Map<string, string>();
      this.db.prepare(`UPDATE store_state SET value = value + 1 WHERE key = 'papers_generation'`).run();
      const removed = JSON.stringify([...new Set(named.map(([, id]) => id))]);
      this.removeLinks(removed);
      // The paper's rows of the corpus graph; the rest of it waits for the rebuild the generation calls for.
      for (const table of ['concept_mentions', 'method_roles', 'lineage']) {
        this.db.prepare(`DELETE FROM ${table} WHERE paper_id IN (SELECT value FROM json_each(?))`).run(removed);
      }
      // Its full-text entry goes with it (the papers_fts_delete trigger), its vector and knowledge are columns.
      this.db.prepare(`DELETE FROM papers WHERE id IN (SELECT value FROM json_each(?))`).run(removed);
      return new Map(named);
    })();
  }

  async setVectors(vectors: PaperVector[]): Promise<void> {
    const setVector = this.db.prepare(`UPDATE papers SET vector = ?, vector_model = ? WHERE id = ?`);
    this.db.transaction(() => {
      for (const v of vectors) {
        if (setVector.run(toBlob(v.values), v.model, v.id).changes !== 1) {
          throw unknownPaper(v.id);
        }
      }
    })();
  }

  async getPapers(ids: string[]): Promise<Map<string, Paper>> {
    const papers = this.cache.many('papers', ids, (missing) => {
      const rows = this.db
        .prepare<[string], PaperRow>(`SELECT ${PAPER_COLUMNS} FROM papers WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(missing));
      return new Map(rows.map((r) => [r.id, toPaper(r)]));
    });
    const out = new Map<string, Paper>();
    for (const [id, paper] of papers) if (paper) out.set(id, { ...paper, authors: [...paper.authors], keywords: [...paper.keywords] });
    return out;
  }

  protected async paperRows(f: PaperFilter, after: string | undefined, limit: number): Promise<Rows<Paper>> {
    const where = new Where()
      .add('instr(litgraph_fold(title), @title) > 0', 'title', f.titleContains === undefined ? undefined : fold(f.titleContains))
      .add('year >= @yearFrom', 'yearFrom', f.yearFrom)
      .add('year <= @yearTo', 'yearTo', f.yearTo)
      .add('litgraph_fold(venue) = @venue', 'venue', f.venue === undefined ? undefined : fold(f.venue));
    const position = after === undefined ? undefined : { condition: 'id > @after', params: { after } };
    return pagedRows(this.db, { table: 'papers', columns: PAPER_COLUMNS, where, order: 'id' }, position, limit, toPaper);
  }

  async papersWithoutVector(model: string, options: { first: number; after?: string }): Promise<Paper[]> {
    return this.db
      .prepare<[string, string, number], PaperRow>(
        `SELECT ${PAPER_COLUMNS} FROM papers
         WHERE (vector_model IS NULL OR vector_model <> ?) AND id > ?
         ORDER BY id LIMIT ?`,
      )
      .all(model, options.after ?? '', options.first)
      .map(toPaper);
  }

  async vectors(model: string): Promise<PaperVector[]> {
    const m = this.matrix(model);
    return m.ids.map((id, i) => ({ id, model, values: m.values.slice(i * m.dims, (i + 1) * m.dims) }));
  }

  private matrix(model: string): VectorMatrix {
    this.cache.check();
    return this.matrices.get(model);
  }

  async getVectors(model: string, ids: string[]): Promise<Map<string, Float32Array>> {
    const m = this.matrix(model);
    const out = new Map<string, Float32Array>();
    for (const id of ids) {
      const i = m.index.get(id);
      if (i !== undefined) out.set(id, m.values.slice(i * m.dims, (i + 1) * m.dims));
    }
    return out;
  }

  protected async searchWords(words: string[], k: number): Promise<ScoredId[]> {
    // Kept until the database changes: a paper's related work asks the same words again (SEARCHES_KEPT at most).
    const match = quoted(words);
    const hits = this.cache.many(`search:${k}`, [match], () => {
      const searches = this.cache.table<unknown>(`search:${k}`);
      if (searches.size >= SEARCHES_KEPT) searches.delete(searches.keys().next().value!);
      const found = this.lexical.search(words, k) ?? ftsSearch(this.db, match, k);
      return new Map([[match, found]]);
    });
    return hits.get(match)!.map((h) => ({ ...h }));
  }

  protected async countWordPapers(words: string[]): Promise<Map<string, number>> {
    // Kept until the database changes, as searches are: most words of a query were asked before.
    const count = this.db.prepare<[string], number>(`SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?`).pluck();
    const counts = this.cache.many('wordPapers', words, (missing) => {
      const counted = this.lexical.counts(missing) ?? new Map<string, number>();
      for (const w of missing) if (!counted.has(w)) counted.set(w, count.get(quoted([w]))!);
      return counted;
    });
    return new Map(words.map((w) => [w, counts.get(w) ?? 0]));
  }

  protected async nearest(model: string, vector: Float32Array, k: number, excludeIds: string[]): Promise<ScoredId[]> {
    const m = this.matrix(model);
    if (!m.ids.length) return [];
    if (vector.length !== m.dims) {
      throw new Error(`a ${vector.length}-d query vector cannot be compared with ${m.dims}-d vectors of model ${model}`);
    }
    const exclude = new Set(excludeIds);
    if (m.ids.length >= this.annMinVectors) {
      const hits = this.vectorIndex(model).search(m, vector, k, exclude);
      if (hits) return hits;
    }
    return exactNearest(m, vector, k, exclude);
  }

  private vectorIndex(model: string): VectorIndex {
    let index = this.indexes.get(model);
    if (!index) {
      const saved = this.indexFolder && path.join(this.indexFolder, model.replace(/[^\w.-]+/g, '_'));
      this.indexes.set(model, (index = new VectorIndex(saved)));
    }
    return index;
  }

  /**
   * Resolves true once `nearestByVector` answers from an approximate index for `model` (building it now if needed),
   * false when the model has fewer vectors than that takes (search is exact). Queries never wait for it.
   */
  async vectorIndexReady(model: string): Promise<boolean> {
    const m = this.matrix(model);
    return m.ids.length >= this.annMinVectors && this.vectorIndex(model).ready(m);
  }

  /**
   * Resolves once full-text search answers from memory (reading the index now if needed), with the index's figures;
   * null when it cannot be read (FTS5 answers). Queries never wait for it.
   */
  async lexicalIndexReady(): Promise<LexicalIndexStats | null> {
    this.cache.check();
    return this.lexical.ready();
  }

  async stats(): Promise<StoreStats> {
    const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    const rows = this.db
      .prepare<[], { model: string; n: number }>(
        `SELECT vector_model AS model, count(*) AS n FROM papers WHERE vector_model IS NOT NULL GROUP BY vector_model`,
      )
      .all();
    return {
      papers: count('SELECT count(*) AS n FROM papers'),
      concepts: count('SELECT count(*) AS n FROM concepts'),
      methods: count('SELECT count(*) AS n FROM methods'),
      lineageEdges: count('SELECT count(*) AS n FROM (SELECT DISTINCT child, parent, relation FROM lineage)'),
      vectorsByModel: Object.fromEntries(rows.map((r) => [r.model, r.n])),
    };
  }

  async warmUp(model: string | null): Promise<void> {
    // Not awaited: until they are ready, searches go to FTS5 and vector searches are exact.
    void this.lexical.ready();
    if (model !== null && this.matrix(model).ids.length) void this.vectorIndexReady(model);
  }

  async dataVersion(): Promise<string> {
    return this.cache.check();
  }

  async contentVersion(): Promise<string> {
    return this.currentContentVersion();
  }

  private currentContentVersion(): string {
    return this.db
      .prepare(
        `SELECT (SELECT value FROM store_state WHERE key = 'papers_generation') || '.' ||
                (SELECT value FROM store_state WHERE key = 'corpus_generation') || '.' ||
                coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'vector_changes'), 0) || '.' ||
                (SELECT value FROM store_state WHERE key = 'communities_writes')`,
      )
      .pluck()
      .get() as string;
  }

  async relatedPrepared(paperIds: string[], stamp: string): Promise<Map<string, Uint8Array>> {
    const rows = this.db
      .prepare<[string, string], { paper_id: string; data: Buffer }>(
        `SELECT paper_id, data FROM related_prepared WHERE paper_id IN (SELECT value FROM json_each(?)) AND stamp = ?`,
      )
      .all(JSON.stringify(paperIds), stamp);
    return new Map(rows.map((r) => [r.paper_id, new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)]));
  }

  async relatedPreparedState(stamp: string, limit: number): Promise<{ prepared: number; missing: string[] }> {
    return this.db.transaction(() => ({
      prepared: this.db.prepare(`SELECT count(*) FROM related_prepared WHERE stamp = ?`).pluck().get(stamp) as number,
      missing: this.db
        .prepare(
          `SELECT id FROM papers p WHERE NOT EXISTS
             (SELECT 1 FROM related_prepared r WHERE r.paper_id = p.id AND r.stamp = ?) ORDER BY id LIMIT ?`,
        )
        .pluck()
        .all(stamp, limit) as string[],
    }))();
  }

  async putRelatedPrepared(entries: Map<string, Uint8Array>, stamp: string, contentVersion: string): Promise<boolean> {
    const put = this.db.prepare(
      `INSERT INTO related_prepared (paper_id, stamp, data)
       SELECT @id, @stamp, @data WHERE EXISTS (SELECT 1 FROM papers WHERE id = @id)
       ON CONFLICT (paper_id) DO UPDATE SET stamp = excluded.stamp, data = excluded.data`,
    );
    return this.db.transaction(() => {
      if (this.currentContentVersion() !== contentVersion) return false;
      for (const [id, data] of entries) put.run({ id, stamp, data });
      return true;
    }).immediate();
  }

  async close(): Promise<void> {
    await Promise.all([...this.indexes.values()].map((index) => index.close()));
    this.lexical.close();
    this.db.close();
  }
}

/**
 * FTS5's own answer to `searchText`, which the lexical index gives from memory: the best `k` papers for `match` by
 * bm25 (as a score, higher better), then by id.
 */
export function ftsSearch(db: Database.Database, match: string, k: number): ScoredId[] {
  return db
    .prepare<[string, number], ScoredId>(
      `SELECT i.id AS id, -bm25(papers_fts) AS score
       FROM papers_fts JOIN papers_fts_ids i ON i.rowid = papers_fts.rowid
       WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts), i.id LIMIT ?`,
    )
    .all(match, k);
}

// Locked, read-only, full or corrupt while in use: a StoreError naming the file, as when it is opened.
translateFailures(SqliteGraphStore, (store, err) => storeFailure(store.description.replace(/^sqlite:/, ''), err));
