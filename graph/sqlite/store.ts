import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Paper, PaperVector } from '../../src/domain';
import type {
  GraphStore,
  PaperFilter,
  PaperFingerprint,
  PaperPage,
  PaperWrite,
  ScoredId,
  StoreStats,
} from '../store';
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

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteGraphStore implements GraphStore {
  readonly description: string;
  private readonly db: Database.Database;
  /** Vectors per model, read once and dropped on every write (brute force is quick at tens of thousands). */
  private readonly matrices = new Map<string, VectorMatrix>();

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    this.description = `sqlite:${file}`;
  }

  async fingerprints(ids: string[]): Promise<Map<string, PaperFingerprint>> {
    const out = new Map<string, PaperFingerprint>();
    const rows = this.db
      .prepare<[string], Pick<PaperRow, 'id' | 'content_hash' | 'text_hash' | 'vector_model'>>(
        `SELECT id, content_hash, text_hash, vector_model FROM papers WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids));
    for (const r of rows) {
      out.set(r.id, { contentHash: r.content_hash, textHash: r.text_hash, vectorModel: r.vector_model });
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
    this.matrices.clear();
    this.db.transaction(() => {
      for (const { paper, vector } of writes) {
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
    const hits: ScoredId[] = [];
    for (let i = 0; i < m.ids.length; i++) {
      if (exclude.has(m.ids[i])) continue;
      let dot = 0;
      const offset = i * m.dims;
      for (let d = 0; d < m.dims; d++) dot += m.values[offset + d] * vector[d];
      const denominator = m.norms[i] * norm;
      hits.push({ id: m.ids[i], score: denominator > 0 ? dot / denominator : 0 });
    }
    return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, k);
  }

  async stats(): Promise<StoreStats> {
    const papers = (this.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    const rows = this.db
      .prepare<[], { model: string; n: number }>(
        `SELECT vector_model AS model, count(*) AS n FROM papers WHERE vector_model IS NOT NULL GROUP BY vector_model`,
      )
      .all();
    return { papers, vectorsByModel: Object.fromEntries(rows.map((r) => [r.model, r.n])) };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
