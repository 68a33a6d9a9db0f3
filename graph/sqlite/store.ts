import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  ConceptKind,
  ConceptNeighbour,
  ConceptNode,
  LineageEdge,
  MethodNode,
  Paper,
  PaperKnowledge,
  PaperMethodRole,
  PaperVector,
} from '../../src/domain';
import type {
  ConceptFilter,
  CorpusGraph,
  CorpusState,
  FilteredName,
  GraphStore,
  Page,
  PaperFilter,
  PaperFingerprint,
  PaperPage,
  PaperWrite,
  ScoredId,
  StoredKnowledge,
  StoreStats,
} from '../store';
import { StoreError } from '../store';
import { migrate } from './migrations';

interface PaperRow {
  id: string;
  title: string;
  abstract: string;
  authors: string;
  year: number | null;
  venue: string | null;
  url: string | null;
  keywords: string;
  content_hash: string;
  text_hash: string;
  vector_model: string | null;
}

const PAPER_COLUMNS = 'id, title, abstract, authors, year, venue, url, keywords, content_hash, text_hash, vector_model';

function toPaper(row: PaperRow): Paper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    year: row.year ?? undefined,
    venue: row.venue ?? undefined,
    url: row.url ?? undefined,
    keywords: JSON.parse(row.keywords) as string[],
    contentHash: row.content_hash,
    textHash: row.text_hash,
    vectorModel: row.vector_model,
  };
}

function toBlob(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function fromBlob(blob: Buffer): Float32Array {
  // Copy: the blob's memory may be unaligned for a Float32Array view.
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

interface ConceptRow {
  key: string;
  name: string;
  aliases: string;
  kind: string;
  paper_count: number;
  community: number | null;
  broad: number;
}

function toConcept(r: ConceptRow): ConceptNode {
  return {
    key: r.key,
    name: r.name,
    aliases: JSON.parse(r.aliases) as string[],
    kind: r.kind as ConceptKind,
    paperCount: r.paper_count,
    community: r.community,
    broad: r.broad === 1,
  };
}

interface MethodRow {
  key: string;
  name: string;
  aliases: string;
  paper_count: number;
}

function toMethod(r: MethodRow): MethodNode {
  return { key: r.key, name: r.name, aliases: JSON.parse(r.aliases) as string[], paperCount: r.paper_count };
}

interface RoleRow {
  method: string;
  paper_id: string;
  role: string;
  evidence: string;
}

function toRole(r: RoleRow): PaperMethodRole {
  return { method: r.method, paperId: r.paper_id, role: r.role as PaperMethodRole['role'], evidence: r.evidence };
}

interface LineageRow {
  child: string;
  parent: string;
  relation: string;
  paper_id: string;
  evidence: string;
  confidence: number;
}

/** Escapes LIKE wildcards so a user's `%` or `_` match literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Words of a free-text query as an FTS5 expression matching any of them; each word quoted, so no syntax leaks. */
const MAX_QUERY_WORDS = 256;
function ftsQuery(text: string): string | null {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_QUERY_WORDS);
  return words.length ? words.map((w) => `"${w}"`).join(' OR ') : null;
}

/** Every vector of one model in one flat array, with the norms, for brute-force nearest-neighbour search. */
interface VectorMatrix {
  ids: string[];
  index: Map<string, number>;
  dims: number;
  values: Float32Array;
  norms: Float32Array;
}

/** Why a store file cannot be opened, in one line naming it. */
function openError(file: string, err: unknown): Error {
  if (err instanceof StoreError) return err;
  const { code, message } = err as NodeJS.ErrnoException;
  if (code === 'SQLITE_NOTADB') return new StoreError(`${file}: not a litgraph store (the file is not an SQLite database)`);
  if (code === 'SQLITE_CORRUPT') return new StoreError(`${file}: the store is corrupt (${message})`);
  if (code === 'SQLITE_BUSY') return new StoreError(`${file}: the store is locked by another process; try again`);
  if (code === 'SQLITE_READONLY' || code === 'EACCES' || code === 'EPERM') {
    return new StoreError(`${file}: permission denied: the store (or its folder) must be readable and writable`);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    return new StoreError(`${file}: is a directory, not a store file`);
  }
  return new StoreError(`${file}: cannot open the store: ${message.split('\n')[0]}`);
}

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteGraphStore implements GraphStore {
  readonly description: string;
  private readonly db: Database.Database;
  /**
   * Vectors per model, read once and dropped on every write, by this connection or by another one (another process,
   * the server's ingest worker): brute force is quick at tens of thousands.
   */
  private readonly matrices = new Map<string, VectorMatrix>();
  /** `PRAGMA data_version` when `matrices` was last checked: it changes when another connection commits. */
  private matricesVersion = -1;

  /**
   * Opens (and migrates) the store in `file`, creating it unless `mustExist`. Every failure is a StoreError naming
   * the file: no such store, not a database, a newer schema, permissions.
   */
  constructor(file: string, options: { mustExist?: boolean } = {}) {
    this.description = `sqlite:${file}`;
    if (options.mustExist && file !== ':memory:' && !fs.existsSync(file)) {
      throw new StoreError(`${file}: no such store`);
    }
    try {
      if (file !== ':memory:' && !options.mustExist) fs.mkdirSync(path.dirname(file), { recursive: true });
      this.db = new Database(file, { fileMustExist: Boolean(options.mustExist) });
    } catch (err) {
      throw openError(file, err);
    }
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    } catch (err) {
      this.db.close();
      throw openError(file, err);
    }
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

  async writePapers(writes: PaperWrite[]): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO papers (id, title, abstract, authors, year, venue, url, keywords, content_hash, text_hash)
       VALUES (@id, @title, @abstract, @authors, @year, @venue, @url, @keywords, @contentHash, @textHash)
       ON CONFLICT (id) DO UPDATE SET
         title = excluded.title, abstract = excluded.abstract, authors = excluded.authors, year = excluded.year,
         venue = excluded.venue, url = excluded.url, keywords = excluded.keywords,
         content_hash = excluded.content_hash, text_hash = excluded.text_hash,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    );
    const setVector = this.db.prepare(`UPDATE papers SET vector = ?, vector_model = ? WHERE id = ?`);
    const setKnowledge = this.db.prepare(`UPDATE papers SET knowledge = ?, knowledge_version = ? WHERE id = ?`);
    if (!writes.length) return;
    this.matrices.clear();
    this.db.transaction(() => {
      this.db.prepare(`UPDATE store_state SET value = value + 1 WHERE key = 'papers_generation'`).run();
      for (const { paper, vector, knowledge } of writes) {
        upsert.run({
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
    })();
  }

  async setVectors(vectors: PaperVector[]): Promise<void> {
    const setVector = this.db.prepare(`UPDATE papers SET vector = ?, vector_model = ? WHERE id = ?`);
    this.matrices.clear();
    this.db.transaction(() => {
      for (const v of vectors) {
        if (setVector.run(toBlob(v.values), v.model, v.id).changes !== 1) {
          throw new Error(`cannot set the vector of unknown paper ${v.id}`);
        }
      }
    })();
  }

  async getPapers(ids: string[]): Promise<Map<string, Paper>> {
    const rows = this.db
      .prepare<[string], PaperRow>(
        `SELECT ${PAPER_COLUMNS} FROM papers WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids));
    return new Map(rows.map((r) => [r.id, toPaper(r)]));
  }

  async listPapers(options: { first: number; after?: string; filter?: PaperFilter }): Promise<PaperPage> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const f = options.filter ?? {};
    if (f.titleContains) {
      where.push(`title LIKE @title ESCAPE '\\'`);
      params.title = likePattern(f.titleContains);
    }
    if (f.yearFrom !== undefined) {
      where.push('year >= @yearFrom');
      params.yearFrom = f.yearFrom;
    }
    if (f.yearTo !== undefined) {
      where.push('year <= @yearTo');
      params.yearTo = f.yearTo;
    }
    if (f.venue) {
      where.push('venue = @venue COLLATE NOCASE');
      params.venue = f.venue;
    }
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const totalCount = (this.db.prepare(`SELECT count(*) AS n FROM papers ${filtered}`).get(params) as { n: number }).n;
    const page = [...where, ...(options.after !== undefined ? ['id > @after'] : [])];
    const rows = this.db
      .prepare<Record<string, unknown>, PaperRow>(
        `SELECT ${PAPER_COLUMNS} FROM papers ${page.length ? `WHERE ${page.join(' AND ')}` : ''}
         ORDER BY id LIMIT @limit`,
      )
      .all({ ...params, after: options.after, limit: options.first + 1 });
    const papers = rows.slice(0, options.first).map(toPaper);
    return {
      papers,
      endCursor: papers.length ? papers[papers.length - 1].id : null,
      hasNextPage: rows.length > options.first,
      totalCount,
    };
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
    return this.db
      .prepare<[string], { id: string; vector: Buffer }>(
        `SELECT id, vector FROM papers WHERE vector_model = ? ORDER BY id`,
      )
      .all(model)
      .map((r) => ({ id: r.id, model, values: fromBlob(r.vector) }));
  }

  private matrix(model: string): VectorMatrix {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.matricesVersion) {
      this.matrices.clear();
      this.matricesVersion = version;
    }
    let m = this.matrices.get(model);
    if (m) return m;
    const rows = this.db
      .prepare<[string], { id: string; vector: Buffer }>(
        `SELECT id, vector FROM papers WHERE vector_model = ? ORDER BY id`,
      )
      .all(model);
    const dims = rows.length ? rows[0].vector.byteLength / 4 : 0;
    const values = new Float32Array(rows.length * dims);
    const norms = new Float32Array(rows.length);
    rows.forEach((r, i) => {
      const v = fromBlob(r.vector);
      if (v.length !== dims) throw new Error(`vectors of model ${model} differ in length (paper ${r.id})`);
      values.set(v, i * dims);
      norms[i] = Math.hypot(...v);
    });
    const ids = rows.map((r) => r.id);
    m = { ids, index: new Map(ids.map((id, i) => [id, i])), dims, values, norms };
    this.matrices.set(model, m);
    return m;
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

  async searchText(query: string, k: number): Promise<ScoredId[]> {
    const match = ftsQuery(query);
    if (!match || k < 1) return [];
    return this.db
      .prepare<[string, number], ScoredId>(
        `SELECT i.id AS id, -bm25(papers_fts) AS score
         FROM papers_fts JOIN papers_fts_ids i ON i.rowid = papers_fts.rowid
         WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts), i.id LIMIT ?`,
      )
      .all(match, k);
  }

  async nearestByVector(model: string, vector: Float32Array, k: number, excludeIds: string[] = []): Promise<ScoredId[]> {
    const m = this.matrix(model);
    if (!m.ids.length || k < 1) return [];
    if (vector.length !== m.dims) {
      throw new Error(`a ${vector.length}-d query vector cannot be compared with ${m.dims}-d vectors of model ${model}`);
    }
    const exclude = new Set(excludeIds);
    const norm = Math.hypot(...vector);
    // Exact search, keeping only the best k (score descending, then id) in order as the scan goes.
    const hits: ScoredId[] = [];
    const beats = (score: number, id: string, hit: ScoredId) => score > hit.score || (score === hit.score && id < hit.id);
    for (let i = 0; i < m.ids.length; i++) {
      let dot = 0;
      const offset = i * m.dims;
      for (let d = 0; d < m.dims; d++) dot += m.values[offset + d] * vector[d];
      const denominator = m.norms[i] * norm;
      const score = denominator > 0 ? dot / denominator : 0;
      const id = m.ids[i];
      if ((hits.length === k && !beats(score, id, hits[k - 1])) || exclude.has(id)) continue;
      if (hits.length === k) hits.pop();
      let j = hits.length;
      while (j > 0 && beats(score, id, hits[j - 1])) j--;
      hits.splice(j, 0, { id, score });
    }
    return hits;
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

  async paperKnowledge(ids?: string[]): Promise<StoredKnowledge[]> {
    return this.db
      .prepare<[string | null, string | null], { id: string; year: number | null; knowledge: string; version: string }>(
        `SELECT id, year, knowledge, knowledge_version AS version FROM papers
         WHERE knowledge IS NOT NULL AND (? IS NULL OR id IN (SELECT value FROM json_each(?))) ORDER BY id`,
      )
      .all(ids ? JSON.stringify(ids) : null, ids ? JSON.stringify(ids) : null)
      .map((r) => ({
        paperId: r.id,
        year: r.year ?? undefined,
        version: r.version,
        knowledge: JSON.parse(r.knowledge) as PaperKnowledge,
      }));
  }

  async corpusState(): Promise<CorpusState> {
    const rows = this.db.prepare<[], { key: string; value: number }>(`SELECT key, value FROM store_state`).all();
    const value = (key: string) => rows.find((r) => r.key === key)!.value;
    return { papersGeneration: value('papers_generation'), corpusGeneration: value('corpus_generation') };
  }

  async writeCorpusGraph(graph: CorpusGraph, generation: number): Promise<boolean> {
    const db = this.db;
    const insert = (sql: string) => db.prepare(sql);
    // IMMEDIATE: the write lock is taken before the generation is read, so two rebuilds cannot both pass the check.
    return db.transaction(() => {
      const stored = db.prepare(`SELECT value FROM store_state WHERE key = 'corpus_generation'`).pluck().get() as number;
      if (stored >= generation) return false;
      db.prepare(`UPDATE store_state SET value = ? WHERE key = 'corpus_generation'`).run(generation);
      for (const table of [
        'concepts', 'concept_aliases', 'concept_mentions', 'concept_cooccurrences', 'concept_broader', 'methods',
        'method_aliases', 'method_roles', 'lineage', 'filtered_names',
      ]) {
        db.exec(`DELETE FROM ${table}`);
      }
      const concept = insert(
        `INSERT INTO concepts (key, name, aliases, kind, paper_count, community, broad) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const c of graph.concepts) {
        concept.run(c.key, c.name, JSON.stringify(c.aliases), c.kind, c.paperCount, c.community, c.broad ? 1 : 0);
      }
      const filtered = insert(`INSERT INTO filtered_names (key, reason, paper_count) VALUES (?, ?, ?)`);
      for (const f of graph.filtered) filtered.run(f.key, f.reason, f.paperCount);
      const conceptAlias = insert(`INSERT INTO concept_aliases (alias, concept) VALUES (?, ?)`);
      for (const [alias, key] of graph.conceptAliases) conceptAlias.run(alias, key);
      const mention = insert(`INSERT INTO concept_mentions (concept, paper_id, weight) VALUES (?, ?, ?)`);
      for (const m of graph.mentions) mention.run(m.concept, m.paperId, m.weight);
      const edge = insert(`INSERT INTO concept_cooccurrences (a, b, count, npmi) VALUES (?, ?, ?, ?)`);
      for (const e of graph.cooccurrences) edge.run(e.a, e.b, e.count, e.npmi);
      const broader = insert(`INSERT INTO concept_broader (narrower, broader) VALUES (?, ?)`);
      for (const b of graph.broader) broader.run(b.narrower, b.broader);
      const method = insert(`INSERT INTO methods (key, name, aliases, paper_count) VALUES (?, ?, ?, ?)`);
      for (const m of graph.methods) method.run(m.key, m.name, JSON.stringify(m.aliases), m.paperCount);
      const methodAlias = insert(`INSERT INTO method_aliases (alias, method) VALUES (?, ?)`);
      for (const [alias, key] of graph.methodAliases) methodAlias.run(alias, key);
      const role = insert(`INSERT INTO method_roles (method, paper_id, role, evidence) VALUES (?, ?, ?, ?)`);
      for (const r of graph.roles) role.run(r.method, r.paperId, r.role, r.evidence);
      const lineage = insert(
        `INSERT INTO lineage (child, parent, relation, paper_id, evidence, confidence) VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const l of graph.lineage) lineage.run(l.child, l.parent, l.relation, l.paperId, l.evidence, l.confidence);
      return true;
    }).immediate();
  }

  async filteredName(key: string): Promise<FilteredName | null> {
    const row = this.db
      .prepare<[string], { key: string; reason: string; paper_count: number }>(`SELECT * FROM filtered_names WHERE key = ?`)
      .get(key);
    return row ? { key: row.key, reason: row.reason, paperCount: row.paper_count } : null;
  }

  async resolveConcept(key: string): Promise<string | null> {
    const row = this.db
      .prepare<[string, string], { key: string }>(
        `SELECT key FROM concepts WHERE key = ?
         UNION ALL SELECT concept AS key FROM concept_aliases WHERE alias = ? LIMIT 1`,
      )
      .get(key, key);
    return row?.key ?? null;
  }

  async resolveConcepts(keys: string[]): Promise<Map<string, string>> {
    return this.resolveMany(keys, 'concepts', 'concept_aliases', 'concept');
  }

  /** Keys to canonical keys in one query: a node's own key first, else its alias. */
  private resolveMany(keys: string[], nodes: string, aliases: string, column: string): Map<string, string> {
    const rows = this.db
      .prepare<[string, string], { asked: string; key: string; own: number }>(
        `SELECT key AS asked, key, 1 AS own FROM ${nodes} WHERE key IN (SELECT value FROM json_each(?))
         UNION ALL SELECT alias AS asked, ${column} AS key, 0 AS own FROM ${aliases}
           WHERE alias IN (SELECT value FROM json_each(?))
         ORDER BY own`,
      )
      .all(JSON.stringify(keys), JSON.stringify(keys));
    return new Map(rows.map((r) => [r.asked, r.key]));
  }

  async getConcepts(keys: string[]): Promise<Map<string, ConceptNode>> {
    const rows = this.db
      .prepare<[string], ConceptRow>(`SELECT * FROM concepts WHERE key IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(keys));
    return new Map(rows.map((r) => [r.key, toConcept(r)]));
  }

  async listConcepts(options: { first: number; after?: string; filter?: ConceptFilter }): Promise<Page<ConceptNode>> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const f = options.filter ?? {};
    if (f.nameContains) {
      where.push(`(name LIKE @name ESCAPE '\\' OR aliases LIKE @name ESCAPE '\\')`);
      params.name = likePattern(f.nameContains);
    }
    if (f.kind) {
      where.push('kind = @kind');
      params.kind = f.kind;
    }
    if (f.community !== undefined) {
      where.push('community = @community');
      params.community = f.community;
    }
    if (f.minPapers !== undefined) {
      where.push('paper_count >= @minPapers');
      params.minPapers = f.minPapers;
    }
    return this.rankedPage<ConceptRow, ConceptNode>('concepts', where, params, options, toConcept);
  }

  /** A page of a table ranked by paper_count (most first) then key; the cursor is the last row's rank. */
  private rankedPage<Row extends { key: string; paper_count: number }, T>(
    table: 'concepts' | 'methods',
    where: string[],
    params: Record<string, unknown>,
    options: { first: number; after?: string },
    convert: (row: Row) => T,
  ): Page<T> {
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const totalCount = (this.db.prepare(`SELECT count(*) AS n FROM ${table} ${filtered}`).get(params) as { n: number })
      .n;
    const page = [...where];
    if (options.after !== undefined) {
      const [count, key] = JSON.parse(options.after) as [number, string];
      page.push('(paper_count < @afterCount OR (paper_count = @afterCount AND key > @afterKey))');
      Object.assign(params, { afterCount: count, afterKey: key });
    }
    const rows = this.db
      .prepare<Record<string, unknown>, Row>(
        `SELECT * FROM ${table} ${page.length ? `WHERE ${page.join(' AND ')}` : ''}
         ORDER BY paper_count DESC, key LIMIT @limit`,
      )
      .all({ ...params, limit: options.first + 1 });
    const items = rows.slice(0, options.first);
    const cursors = items.map((r) => JSON.stringify([r.paper_count, r.key]));
    return {
      items: items.map(convert),
      cursors,
      endCursor: cursors[cursors.length - 1] ?? null,
      hasNextPage: rows.length > options.first,
      totalCount,
    };
  }

  async conceptNeighbours(key: string, first: number): Promise<ConceptNeighbour[]> {
    return this.db
      .prepare<[string, string, number], ConceptNeighbour>(
        `SELECT b AS key, npmi AS weight, count AS cooccurrences FROM concept_cooccurrences WHERE a = ?
         UNION ALL
         SELECT a AS key, npmi AS weight, count AS cooccurrences FROM concept_cooccurrences WHERE b = ?
         ORDER BY weight DESC, cooccurrences DESC, key LIMIT ?`,
      )
      .all(key, key, first);
  }

  async conceptPapers(key: string, options: { first: number; after?: string }): Promise<Page<string>> {
    const totalCount = (
      this.db.prepare(`SELECT count(*) AS n FROM concept_mentions WHERE concept = ?`).get(key) as { n: number }
    ).n;
    const after = options.after === undefined ? undefined : (JSON.parse(options.after) as [number, string]);
    const rows = this.db
      .prepare<unknown[], { paper_id: string; weight: number }>(
        `SELECT paper_id, weight FROM concept_mentions WHERE concept = ?
         ${after ? 'AND (weight < ? OR (weight = ? AND paper_id > ?))' : ''}
         ORDER BY weight DESC, paper_id LIMIT ?`,
      )
      .all(...[key, ...(after ? [after[0], after[0], after[1]] : []), options.first + 1]);
    const items = rows.slice(0, options.first);
    const cursors = items.map((r) => JSON.stringify([r.weight, r.paper_id]));
    return {
      items: items.map((r) => r.paper_id),
      cursors,
      endCursor: cursors[cursors.length - 1] ?? null,
      hasNextPage: rows.length > options.first,
      totalCount,
    };
  }

  async papersOfConcepts(keys: string[], perConcept: number): Promise<Map<string, string[]>> {
    const rows = this.db
      .prepare<[string, number], { concept: string; paper_id: string }>(
        `SELECT concept, paper_id FROM (
           SELECT concept, paper_id, row_number() OVER (PARTITION BY concept ORDER BY weight DESC, paper_id) AS position
           FROM concept_mentions WHERE concept IN (SELECT value FROM json_each(?)))
         WHERE position <= ? ORDER BY concept, position`,
      )
      .all(JSON.stringify(keys), perConcept);
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.concept, [...(out.get(r.concept) ?? []), r.paper_id]);
    return out;
  }

  async papersMentioningAll(keys: string[], first: number): Promise<string[]> {
    const distinct = [...new Set(keys)];
    return this.db
      .prepare<[string, number, number], { paper_id: string }>(
        `SELECT paper_id FROM concept_mentions WHERE concept IN (SELECT value FROM json_each(?))
         GROUP BY paper_id HAVING count(*) = ? ORDER BY sum(weight) DESC, paper_id LIMIT ?`,
      )
      .all(JSON.stringify(distinct), distinct.length, first)
      .map((r) => r.paper_id);
  }

  async paperConcepts(paperIds: string[]): Promise<Map<string, { concept: string; weight: number }[]>> {
    const out = new Map<string, { concept: string; weight: number }[]>(paperIds.map((id) => [id, []]));
    const rows = this.db
      .prepare<[string], { paper_id: string; concept: string; weight: number }>(
        `SELECT paper_id, concept, weight FROM concept_mentions WHERE paper_id IN (SELECT value FROM json_each(?))
         ORDER BY weight DESC, concept`,
      )
      .all(JSON.stringify(paperIds));
    for (const r of rows) out.get(r.paper_id)?.push({ concept: r.concept, weight: r.weight });
    return out;
  }

  async conceptHierarchy(key: string, direction: 'broader' | 'narrower'): Promise<string[]> {
    const sql =
      direction === 'broader'
        ? `SELECT broader AS key FROM concept_broader WHERE narrower = ? ORDER BY key`
        : `SELECT narrower AS key FROM concept_broader WHERE broader = ? ORDER BY key`;
    return this.db
      .prepare<[string], { key: string }>(sql)
      .all(key)
      .map((r) => r.key);
  }

  async resolveMethod(key: string): Promise<string | null> {
    const row = this.db
      .prepare<[string, string], { key: string }>(
        `SELECT key FROM methods WHERE key = ?
         UNION ALL SELECT method AS key FROM method_aliases WHERE alias = ? LIMIT 1`,
      )
      .get(key, key);
    return row?.key ?? null;
  }

  async resolveMethods(keys: string[]): Promise<Map<string, string>> {
    return this.resolveMany(keys, 'methods', 'method_aliases', 'method');
  }

  async getMethods(keys: string[]): Promise<Map<string, MethodNode>> {
    const rows = this.db
      .prepare<[string], MethodRow>(`SELECT * FROM methods WHERE key IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(keys));
    return new Map(rows.map((r) => [r.key, toMethod(r)]));
  }

  async listMethods(options: {
    first: number;
    after?: string;
    filter?: { nameContains?: string };
  }): Promise<Page<MethodNode>> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (options.filter?.nameContains) {
      where.push(`(name LIKE @name ESCAPE '\\' OR aliases LIKE @name ESCAPE '\\')`);
      params.name = likePattern(options.filter.nameContains);
    }
    return this.rankedPage<MethodRow, MethodNode>('methods', where, params, options, toMethod);
  }

  async methodRoles(methodKeys: string[]): Promise<PaperMethodRole[]> {
    return this.db
      .prepare<[string], RoleRow>(
        `SELECT * FROM method_roles WHERE method IN (SELECT value FROM json_each(?)) ORDER BY method, paper_id, role`,
      )
      .all(JSON.stringify(methodKeys))
      .map(toRole);
  }

  async paperMethods(paperIds: string[]): Promise<PaperMethodRole[]> {
    return this.db
      .prepare<[string], RoleRow>(
        `SELECT * FROM method_roles WHERE paper_id IN (SELECT value FROM json_each(?)) ORDER BY paper_id, role, method`,
      )
      .all(JSON.stringify(paperIds))
      .map(toRole);
  }

  async lineageEdges(methodKeys: string[], direction: 'parents' | 'children'): Promise<LineageEdge[]> {
    const column = direction === 'parents' ? 'child' : 'parent';
    return this.db
      .prepare<[string], LineageRow>(
        `SELECT * FROM lineage WHERE ${column} IN (SELECT value FROM json_each(?))
         ORDER BY child, parent, relation, confidence DESC, paper_id`,
      )
      .all(JSON.stringify(methodKeys))
      .map((r) => ({
        child: r.child,
        parent: r.parent,
        relation: r.relation as LineageEdge['relation'],
        evidence: r.evidence,
        confidence: r.confidence,
        paperId: r.paper_id,
      }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
