import type Database from 'better-sqlite3';
import { norm } from '../vectors';
import { fromBlob } from './rows';
import type { VectorMatrix } from './vector-index';

/** A model's vectors and the last entry of the change log they include. */
interface Kept {
  matrix: VectorMatrix;
  seq: number;
}

/**
 * The vectors of each model, read whole once per connection and then kept current from the change log
 * `vector_changes` (graph/sqlite/migrations.ts: a paper whose vector was added, changed or removed, whoever wrote it).
 * After a write only the papers the log names are read again: at 100,000 papers reading every vector blocked the
 * event loop for seconds after each write, the corpus-graph worker's included. A matrix whose log entries were trimmed
 * away is read whole.
 */
export class VectorMatrices {
  private readonly kept = new Map<string, Kept>();
  /** Models whose matrix has not been checked against the log since the database last changed. */
  private readonly unchecked = new Set<string>();

  constructor(private readonly db: Database.Database) {}

  /** The database changed (ReadCache.onChange): each matrix reads the log before its next use. */
  changed(): void {
    for (const model of this.kept.keys()) this.unchecked.add(model);
  }

  /** `model`'s vectors as the database holds them now. */
  get(model: string): VectorMatrix {
    const kept = this.kept.get(model);
    if (kept && !this.unchecked.has(model)) return kept.matrix;
    // One read transaction: the log's position and the rows read are the same snapshot.
    const next = this.db.transaction(() => (kept ? this.follow(model, kept) : null) ?? this.read(model))();
    this.kept.set(model, next);
    this.unchecked.delete(model);
    return next.matrix;
  }

  private latest(): number {
    return this.db.prepare<[], number>(`SELECT coalesce(max(seq), 0) FROM vector_changes`).pluck().get()!;
  }

  private read(model: string): Kept {
    const seq = this.latest();
    const rows = this.db
      .prepare<[string], { id: string; vector: Buffer }>(`SELECT id, vector FROM papers WHERE vector_model = ? ORDER BY id`)
      .all(model);
    const dims = rows.length ? rows[0].vector.byteLength / 4 : 0;
    const values = new Float32Array(rows.length * dims);
    const norms = new Float32Array(rows.length);
    rows.forEach((r, i) => {
      const v = fromBlob(r.vector);
      if (v.length !== dims) throw new Error(`vectors of model ${model} differ in length (paper ${r.id})`);
      values.set(v, i * dims);
      norms[i] = norm(v);
    });
    const ids = rows.map((r) => r.id);
    return { matrix: { ids, index: new Map(ids.map((id, i) => [id, i])), dims, values, norms }, seq };
  }

  /**
   * `kept` brought up to date from the log: the same matrix when none of the papers logged since changed a vector of
   * `model`; a new one (unchanged rows copied, changed ones read, removed ones dropped, new ones last) when some did;
   * null when the log no longer reaches back to `kept`.
   */
  private follow(model: string, kept: Kept): Kept | null {
    const trimmed = this.db
      .prepare<[], number>(`SELECT value FROM store_state WHERE key = 'vector_changes_trimmed'`)
      .pluck()
      .get()!;
    if (kept.seq < trimmed) return null;
    const seq = this.latest();
    if (seq === kept.seq) return kept;
    const rows = this.db
      .prepare<[number, string], { id: string; vector: Buffer | null }>(
        `SELECT c.id AS id, p.vector AS vector
         FROM (SELECT DISTINCT id FROM vector_changes WHERE seq > ?) c
         LEFT JOIN papers p ON p.id = c.id AND p.vector_model = ?`,
      )
      .all(kept.seq, model);
    const old = kept.matrix;
    const changed = new Map<string, Float32Array | null>();
    for (const r of rows) {
      const v = r.vector && fromBlob(r.vector);
      const i = old.index.get(r.id);
      if (v && i !== undefined && sameValues(old, i, v)) continue;
      if (!v && i === undefined) continue;
      changed.set(r.id, v);
    }
    if (!changed.size) return { matrix: old, seq };

    const dims = old.dims || [...changed.values()].find((v) => v)?.length || 0;
    const added = [...changed].filter(([id, v]) => v && !old.index.has(id)).map(([id]) => id);
    const removed = [...changed].some(([, v]) => v === null);
    // Unchanged rows are copied in runs (a copy of 150 MB at 100,000 papers takes tens of milliseconds).
    const ids = removed ? old.ids.filter((id) => changed.get(id) !== null) : old.ids.slice();
    ids.push(...added);
    const values = new Float32Array(ids.length * dims);
    const norms = new Float32Array(ids.length);
    let to = 0;
    for (let from = 0; from < old.ids.length; ) {
      let end = from;
      while (end < old.ids.length && changed.get(old.ids[end]) !== null) end++;
      values.set(old.values.subarray(from * dims, end * dims), to * dims);
      norms.set(old.norms.subarray(from, end), to);
      to += end - from;
      from = end + 1;
    }
    const index = removed ? new Map(ids.map((id, i) => [id, i])) : new Map(old.index);
    const first = ids.length - added.length;
    for (const [i, id] of added.entries()) index.set(id, first + i);
    for (const [id, v] of changed) {
      if (!v) continue;
      if (v.length !== dims) throw new Error(`vectors of model ${model} differ in length (paper ${id})`);
      const i = index.get(id)!;
      values.set(v, i * dims);
      norms[i] = norm(v);
    }
    const previous = { matrix: new WeakRef(old), changed: new Set(changed.keys()) };
    return { matrix: { ids, index, dims, values, norms, previous }, seq };
  }
}

function sameValues(m: VectorMatrix, i: number, v: Float32Array): boolean {
  if (v.length !== m.dims) return false;
  for (let d = 0; d < m.dims; d++) if (m.values[i * m.dims + d] !== v[d]) return false;
  return true;
}
