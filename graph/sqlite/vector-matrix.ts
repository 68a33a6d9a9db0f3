import type Database from 'better-sqlite3';
import { norm } from '../vectors';
import { fromBlob } from './rows';
import type { VectorMatrix } from './vector-index';

/**
 * Ids changed per update that a kept matrix remembers, at most (the oldest updates forgotten first). A vector index
 * that fell further behind treats every row as new, which makes it build itself again: past its REBUILD_SHARE it
 * would anyway.
 */
const JOURNAL_IDS = 20_000;
/** Rows of room a kept matrix's arrays get past their rows when they must grow: new papers then fill them in place. */
const GROWTH = 0.25;

/**
 * One model's vectors kept current in place: a write changes its rows, appends new ones into room kept at the end, and
 * compacts removed ones away, in the same arrays. Fresh memory is dear on these machines (first touching 200 MB, a
 * 100,000-paper matrix, took 1.7 s; copying into memory already touched, 36 ms), and a copy per write made the first
 * related query after any write at 100,000 papers take 1.7-3.9 s. `version` counts the updates; `changedSince`
 * names the papers whose row was added, changed or removed since a version, which the vector index follows.
 */
export class KeptMatrix implements VectorMatrix {
  values: Float32Array;
  norms: Float32Array;
  version = 0;
  /** Each update's changed ids, oldest first, with the version it made. */
  private readonly journal: { version: number; ids: string[] }[] = [];
  private journalIds = 0;

  constructor(
    readonly model: string,
    readonly ids: string[],
    public index: Map<string, number>,
    public dims: number,
    private room: { values: Float32Array; norms: Float32Array },
  ) {
    this.values = room.values.subarray(0, ids.length * dims);
    this.norms = room.norms.subarray(0, ids.length);
  }

  changedSince(version: number): ReadonlySet<string> | null {
    if (version === this.version) return new Set();
    const from = this.journal.findIndex((e) => e.version === version + 1);
    if (from < 0) return null;
    return new Set(this.journal.slice(from).flatMap((e) => e.ids));
  }

  /** Each id's new vector, or null when it has none of this model any more. */
  apply(changed: Map<string, Float32Array | null>): void {
    if (!this.dims) this.dims = [...changed.values()].find((v) => v)?.length ?? 0;
    const { dims } = this;
    for (const [id, v] of changed) {
      if (v && v.length !== dims) throw new Error(`vectors of model ${this.model} differ in length (paper ${id})`);
    }
    if ([...changed.values()].some((v) => v === null)) this.compact(changed);
    const added = [...changed].filter(([id, v]) => v && !this.index.has(id)).map(([id]) => id);
    this.reserve(this.ids.length + added.length);
    for (const id of added) {
      this.index.set(id, this.ids.length);
      this.ids.push(id);
    }
    this.values = this.room.values.subarray(0, this.ids.length * dims);
    this.norms = this.room.norms.subarray(0, this.ids.length);
    for (const [id, v] of changed) {
      if (!v) continue;
      const i = this.index.get(id)!;
      this.values.set(v, i * dims);
      this.norms[i] = norm(v);
    }
    this.version++;
    this.journal.push({ version: this.version, ids: [...changed.keys()] });
    this.journalIds += changed.size;
    while (this.journalIds > JOURNAL_IDS && this.journal.length > 1) this.journalIds -= this.journal.shift()!.ids.length;
  }

  /** Removes the rows of the ids `changed` maps to null, moving the rows after them up in place. */
  private compact(changed: Map<string, Float32Array | null>): void {
    const { dims } = this;
    let to = 0;
    for (let from = 0; from < this.ids.length; from++) {
      const id = this.ids[from];
      if (changed.get(id) === null) continue;
      if (to !== from) {
        this.room.values.copyWithin(to * dims, from * dims, (from + 1) * dims);
        this.room.norms[to] = this.room.norms[from];
        this.ids[to] = id;
      }
      to++;
    }
    this.ids.length = to;
    this.index = new Map(this.ids.map((id, i) => [id, i]));
  }

  /** Room for `rows` rows: the arrays grow (by GROWTH more) only when they are full. */
  private reserve(rows: number): void {
    if (rows <= this.room.norms.length) return;
    const capacity = Math.ceil(rows * (1 + GROWTH));
    const values = new Float32Array(capacity * this.dims);
    const norms = new Float32Array(capacity);
    values.set(this.room.values.subarray(0, this.ids.length * this.dims));
    norms.set(this.room.norms.subarray(0, this.ids.length));
    this.room = { values, norms };
  }
}

/** A model's vectors and the last entry of the change log they include. */
interface Kept {
  matrix: KeptMatrix;
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
    // Room for new papers past the rows: untouched, it costs nothing until they are written into it.
    const capacity = Math.ceil(rows.length * (1 + GROWTH));
    const room = { values: new Float32Array(capacity * dims), norms: new Float32Array(capacity) };
    rows.forEach((r, i) => {
      const v = fromBlob(r.vector);
      if (v.length !== dims) throw new Error(`vectors of model ${model} differ in length (paper ${r.id})`);
      room.values.set(v, i * dims);
      room.norms[i] = norm(v);
    });
    const ids = rows.map((r) => r.id);
    return { matrix: new KeptMatrix(model, ids, new Map(ids.map((id, i) => [id, i])), dims, room), seq };
  }

  /**
   * `kept` brought up to date from the log, in place (KeptMatrix): only the papers logged since are read, and only
   * those whose vector of `model` changed touch the matrix; null when the log no longer reaches back to `kept`.
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
    const matrix = kept.matrix;
    const changed = new Map<string, Float32Array | null>();
    for (const r of rows) {
      const v = r.vector && fromBlob(r.vector);
      const i = matrix.index.get(r.id);
      if (v && i !== undefined && sameValues(matrix, i, v)) continue;
      if (!v && i === undefined) continue;
      changed.set(r.id, v);
    }
    if (changed.size) matrix.apply(changed);
    return { matrix, seq };
  }
}

function sameValues(m: VectorMatrix, i: number, v: Float32Array): boolean {
  if (v.length !== m.dims) return false;
  for (let d = 0; d < m.dims; d++) if (m.values[i * m.dims + d] !== v[d]) return false;
  return true;
}
