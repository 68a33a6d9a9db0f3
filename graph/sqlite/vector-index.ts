import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HierarchicalNSW } from 'hnswlib-node';
import { workerFile } from '../../src/paths';
import { dot, norm } from '../vectors';
import type { ScoredId } from '../store';
import type { BuildJob } from './vector-index-build';
import { rowDigests } from './vector-digest';

/** Every vector of one model in one flat array, with the norms: what nearest-neighbour search reads. */
export interface VectorMatrix {
  ids: string[];
  index: Map<string, number>;
  dims: number;
  values: Float32Array;
  norms: Float32Array;
  /**
   * A matrix kept current in place (vector-matrix.ts) counts its updates, and names the ids whose row was added,
   * changed or removed since a version (null once it no longer remembers): the index then looks at those rows only.
   * A matrix without them never changes.
   */
  version?: number;
  changedSince?(version: number): ReadonlySet<string> | null;
}

/** What an index was built from: the matrix, and its ids and version then (it may change in place since). */
interface Built {
  matrix: VectorMatrix;
  ids: string[];
  version: number | undefined;
}

/**
 * Vectors of a model from which an approximate index answers instead of the exact scan. Below it the scan is a few
 * milliseconds (1.9 ms p50 at 3,451 in `npm run bench:ann`) and exact, so small stores keep it.
 */
export const ANN_MIN_VECTORS = 10_000;
/**
 * HNSW parameters (`npm run bench:ann`): graph degree, candidates kept while building, and at least while searching
 * (recall@10 0.9995 and recall@50 0.997 on the real vectors at 128).
 */
const M = 16;
const EF_CONSTRUCTION = 128;
const EF_SEARCH = 128;
const SEED = 100;
/** Share of the vectors that may be new or changed since the index was built before it is built again. */
const REBUILD_SHARE = 0.1;

const BUILD_FILE = workerFile(__dirname, 'vector-index-build.js');

/** The best `k` of `rows` (all rows when absent) by cosine with `query`, score descending then id, in a scan. */
export function exactNearest(m: VectorMatrix, query: Float32Array, k: number, exclude: Set<string>, rows?: number[]): ScoredId[] {
  const length = norm(query);
  const hits: ScoredId[] = [];
  const count = rows ? rows.length : m.ids.length;
  for (let r = 0; r < count; r++) {
    const i = rows ? rows[r] : r;
    // The cosine, with the stored vectors' lengths computed once per matrix.
    const denominator = m.norms[i] * length;
    const score = denominator > 0 ? dot(query, m.values, i * m.dims) / denominator : 0;
    const id = m.ids[i];
    if ((hits.length === k && !beats(score, id, hits[k - 1])) || exclude.has(id)) continue;
    if (hits.length === k) hits.pop();
    let j = hits.length;
    while (j > 0 && beats(score, id, hits[j - 1])) j--;
    hits.splice(j, 0, { id, score });
  }
  return hits;
}

function beats(score: number, id: string, hit: ScoredId): boolean {
  return score > hit.score || (score === hit.score && id < hit.id);
}

function sameRow(a: VectorMatrix, i: number, b: VectorMatrix, j: number): boolean {
  if (a.dims !== b.dims) return false;
  for (let d = 0; d < a.dims; d++) if (a.values[i * a.dims + d] !== b.values[j * b.dims + d]) return false;
  return true;
}

/** What a saved index holds: its file (in the same folder), and each label's id and vector digest when built. */
interface SavedIndex {
  dims: number;
  file: string;
  ids: string[];
  digests: string[];
}

/** Rows digested between two turns of the event loop when a saved index is matched to the store's vectors. */
const DIGEST_CHUNK = 5_000;

/**
 * An approximate (HNSW, hnswlib-node) nearest-neighbour index over one model's vectors, kept beside the store's
 * matrix of them. It is built in a worker thread from a snapshot of the matrix (minutes at 100,000 vectors, so
 * never on the event loop); until it is ready, search is exact.
 *
 * Writes are followed without knowing who made them: the rows of the matrix that changed since the index last matched
 * it (or, for another matrix, every row compared with the one matched) are looked at. A vector that changed or went away is marked
 * deleted in the index; a new or changed one is searched exactly beside it, and the two answers merged. When those
 * exact rows pass REBUILD_SHARE of the index, a new index is built in the background and replaces this one when
 * ready. Every score returned is the exact cosine, from the matrix: only which papers are found is approximate.
 *
 * With a `saved` path (the store's file has one) each built index is kept on disk, with each vector's digest, so
 * the next process that opens the store reads it (seconds) instead of building it again: the saved vectors whose
 * digest no longer matches the store's are marked deleted and the store's new ones searched exactly, as above.
 */
export class VectorIndex {
  private hnsw: HierarchicalNSW | null = null;
  /** The matrix `labels` and `fresh` describe, as of its version `matchedVersion`. */
  private matched: VectorMatrix | null = null;
  private matchedVersion: number | undefined;
  /** Ids whose current vector the index holds, with their label. */
  private labels = new Map<string, number>();
  /** Each label's id when the index was built. */
  private labelIds: string[] = [];
  /** Ids of `matched` whose vector the index does not hold (new or changed since it was built): searched exactly. */
  private fresh = new Set<string>();
  private building: Promise<void> | null = null;
  private worker: Worker | null = null;
  private failed = false;
  private closed = false;
  /** Whether the saved index was tried (once a process: after that, this process builds its own). */
  private loaded = false;

  /** `saved`: the path (without extension) of this model's saved index, or null to keep none. */
  constructor(private readonly saved: string | null = null) {}

  /** Approximate nearest neighbours from the index, or null when none is ready (the caller scans). */
  search(m: VectorMatrix, query: Float32Array, k: number, exclude: Set<string>): ScoredId[] | null {
    if (this.hnsw && this.hnsw.getNumDimensions() !== m.dims) {
      // The model's vectors changed length (re-embedded): the index is of no use until rebuilt.
      this.hnsw = null;
      this.matched = null;
    }
    if (!this.hnsw) {
      this.start(m);
      return null;
    }
    this.match(m);
    const hnsw = this.hnsw;
    let skipped = 0;
    for (const id of exclude) if (this.labels.has(id)) skipped++;
    const wanted = Math.min(k + skipped, hnsw.getMaxElements());
    hnsw.setEf(Math.max(EF_SEARCH, wanted));
    const found = hnsw.searchKnn(Array.from(query), wanted).neighbors;
    const length = norm(query);
    const hits: ScoredId[] = [];
    for (const label of found) {
      const id = this.idOf(label);
      const i = id === undefined ? undefined : m.index.get(id);
      if (id === undefined || i === undefined || exclude.has(id)) continue;
      const denominator = m.norms[i] * length;
      hits.push({ id, score: denominator > 0 ? dot(query, m.values, i * m.dims) / denominator : 0 });
    }
    hits.push(...exactNearest(m, query, k, exclude, [...this.fresh].map((id) => m.index.get(id)!)));
    hits.sort((a, b) => (beats(a.score, a.id, b) ? -1 : beats(b.score, b.id, a) ? 1 : 0));
    return hits.slice(0, k);
  }

  /**
   * Resolves when an index is ready for `m` (read or built now if there is none), false when it cannot be built.
   * What benchmarks and tests wait for; queries never wait.
   */
  async ready(m: VectorMatrix): Promise<boolean> {
    if (!this.hnsw) this.start(m);
    while (this.building) await this.building;
    return this.hnsw !== null;
  }

  /** Stops a build in progress (its files removed when this resolves). */
  async close(): Promise<void> {
    this.closed = true;
    const building = this.building;
    await this.worker?.terminate();
    await building;
  }

  private idOf(label: number): string | undefined {
    const id = this.labelIds[label];
    return id !== undefined && this.labels.get(id) === label ? id : undefined;
  }

  /**
   * Follows `m`: the rows that changed since the index matched a matrix are marked deleted, and searched exactly. Only
   * the rows a kept matrix names as changed since are looked at (at 100,000 vectors comparing every row took about
   * 250 ms after each write); another matrix is compared row by row with the one matched.
   */
  private match(m: VectorMatrix): void {
    const before = this.matched;
    if (!before || !this.hnsw || (before === m && m.version === this.matchedVersion)) return;
    // What changed in place in the matched matrix since it was matched (null: it no longer remembers).
    const changed = before.version === this.matchedVersion ? new Set<string>() : (before.changedSince?.(this.matchedVersion!) ?? null);
    if (!changed) {
      // Nothing says which rows the index still holds: all are searched exactly until it is built again.
      this.labels.clear();
      this.fresh = new Set(m.ids);
    } else if (before === m) {
      for (const id of changed) {
        this.unlabel(id);
        if (m.index.has(id)) this.fresh.add(id);
        else this.fresh.delete(id);
      }
    } else {
      for (const id of changed) this.unlabel(id);
      this.compareAll(m, before);
    }
    this.matched = m;
    this.matchedVersion = m.version;
    this.rebuildIfStale(m);
  }

  private unlabel(id: string): void {
    const label = this.labels.get(id);
    if (label === undefined) return;
    this.hnsw!.markDelete(label);
    this.labels.delete(id);
  }

  private compareAll(m: VectorMatrix, before: VectorMatrix): void {
    this.fresh = new Set();
    for (let i = 0; i < m.ids.length; i++) {
      const id = m.ids[i];
      const j = before.index.get(id);
      if (this.labels.has(id) && j !== undefined && sameRow(m, i, before, j)) continue;
      this.unlabel(id);
      this.fresh.add(id);
    }
    for (const id of this.labels.keys()) if (!m.index.has(id)) this.unlabel(id);
  }

  private rebuildIfStale(m: VectorMatrix): void {
    if (this.fresh.size > REBUILD_SHARE * Math.max(1, this.labels.size)) this.build(m);
  }

  /** Reads the saved index the first time (when there is one), else builds one. */
  private start(m: VectorMatrix): void {
    if (this.building || this.failed) return;
    if (this.loaded || !this.saved || !fs.existsSync(`${this.saved}.json`)) {
      this.build(m);
      return;
    }
    this.loaded = true;
    this.building = this.load(m)
      .catch((err: unknown) => {
        process.emitWarning(`saved vector index ${this.saved}.json not read, building it again: ${(err as Error).message}`);
        return false;
      })
      .then((read) => {
        this.building = null;
        if (this.closed) return;
        if (read) this.rebuildIfStale(m);
        else this.build(m);
      });
  }

  /** Reads the saved index and matches it to `m` by digest; false when it is of another dimension. */
  private async load(m: VectorMatrix): Promise<boolean> {
    const saved = JSON.parse(await fs.promises.readFile(`${this.saved}.json`, 'utf8')) as SavedIndex;
    if (saved.dims !== m.dims || saved.ids.length !== saved.digests.length) return false;
    const hnsw = new HierarchicalNSW('cosine', m.dims);
    await hnsw.readIndex(path.join(path.dirname(this.saved!), saved.file));
    const digests: string[] = [];
    for (let from = 0; from < m.ids.length; from += DIGEST_CHUNK) {
      digests.push(...rowDigests(m.values, m.dims, from, Math.min(m.ids.length, from + DIGEST_CHUNK)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const labels = new Map<string, number>();
    saved.ids.forEach((id, label) => {
      const i = m.index.get(id);
      if (i !== undefined && digests[i] === saved.digests[label]) labels.set(id, label);
      else hnsw.markDelete(label);
    });
    this.hnsw = hnsw;
    this.labelIds = saved.ids;
    this.labels = labels;
    this.matched = m;
    this.matchedVersion = m.version;
    this.fresh = new Set(m.ids.filter((id) => !labels.has(id)));
    return true;
  }

  /** Builds an index of `m` in a worker thread unless one is being built; it replaces the current one when ready. */
  private build(m: VectorMatrix): void {
    if (this.building || this.failed || this.closed) return;
    const target = this.buildTarget();
    const built: Built = { matrix: m, ids: m.ids.slice(), version: m.version };
    const job: BuildJob = { dims: m.dims, count: m.ids.length, values: m.values.slice(), file: target.file, m: M, efConstruction: EF_CONSTRUCTION, seed: SEED };
    const worker = new Worker(BUILD_FILE, { workerData: job, transferList: [job.values.buffer as ArrayBuffer] });
    worker.unref();
    this.worker = worker;
    /** Whether the index file stays: it is the saved one now. */
    let installed = false;
    this.building = new Promise<string[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the vector index build stopped (exit code ${code})`)));
    })
      .then(async (digests) => {
        const hnsw = new HierarchicalNSW('cosine', m.dims);
        await hnsw.readIndex(target.file);
        this.install(hnsw, built);
        if (target.saved) installed = this.save({ dims: m.dims, file: path.basename(target.file), ids: built.ids, digests });
      })
      .catch((err: unknown) => {
        if (this.closed) return;
        // Exact search stays correct: say why once, and do not try again.
        this.failed = true;
        process.emitWarning(`vector index not built, nearest-neighbour search stays exact: ${(err as Error).message}`);
      })
      .finally(() => {
        this.building = null;
        this.worker = null;
        if (!target.saved || !installed) fs.rmSync(target.saved ? target.file : path.dirname(target.file), { recursive: true, force: true });
      });
  }

  /** Where a build writes its index: beside the saved one when the store keeps one there, else a temporary folder. */
  private buildTarget(): { file: string; saved: boolean } {
    if (this.saved) {
      try {
        fs.mkdirSync(path.dirname(this.saved), { recursive: true });
        return { file: `${this.saved}-${process.pid}-${Date.now()}.hnsw`, saved: true };
      } catch {
        // A folder that cannot be written (a read-only store): the index lives only in this process.
      }
    }
    return { file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-hnsw-')), 'index.bin'), saved: false };
  }

  /**
   * Makes `index` the saved one (its description written whole, then renamed in place) and deletes the one before;
   * false, with a warning, when it cannot (the index still serves this process).
   */
  private save(index: SavedIndex): boolean {
    const description = `${this.saved}.json`;
    let before: string | null = null;
    try {
      before = (JSON.parse(fs.readFileSync(description, 'utf8')) as SavedIndex).file;
    } catch {
      // None saved yet, or unreadable: nothing to delete.
    }
    const writing = `${description}.${process.pid}`;
    try {
      fs.writeFileSync(writing, JSON.stringify(index));
      fs.renameSync(writing, description);
    } catch (err) {
      fs.rmSync(writing, { force: true });
      process.emitWarning(`vector index not saved to ${description}: ${(err as Error).message}`);
      return false;
    }
    if (before && before !== index.file) fs.rmSync(path.join(path.dirname(this.saved!), path.basename(before)), { force: true });
    return true;
  }

  /** The index built from `built` becomes the one searched, matched to it (then to the matrix searched now). */
  private install(hnsw: HierarchicalNSW, built: Built): void {
    const current = this.matched;
    if (current && current.dims !== built.matrix.dims) return;
    this.hnsw = hnsw;
    this.labelIds = built.ids;
    this.labels = new Map(built.ids.map((id, i) => [id, i]));
    this.matched = built.matrix;
    this.matchedVersion = built.version;
    this.fresh = new Set();
    if (current) this.match(current);
  }
}
