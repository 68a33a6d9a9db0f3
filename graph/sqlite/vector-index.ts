import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HierarchicalNSW } from 'hnswlib-node';
import { PROJECT_ROOT } from '../../src/paths';
import { dot, norm } from '../vectors';
import type { ScoredId } from '../store';
import type { BuildJob } from './vector-index-build';

/** Every vector of one model in one flat array, with the norms: what nearest-neighbour search reads. */
export interface VectorMatrix {
  ids: string[];
  index: Map<string, number>;
  dims: number;
  values: Float32Array;
  norms: Float32Array;
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

const BUILD_FILE = __filename.endsWith('.js')
  ? path.join(__dirname, 'vector-index-build.js')
  : path.join(PROJECT_ROOT, 'dist/graph/sqlite/vector-index-build.js');

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

/**
 * An approximate (HNSW, hnswlib-node) nearest-neighbour index over one model's vectors, kept beside the store's
 * matrix of them. It is built in a worker thread from a snapshot of the matrix (minutes at 100,000 vectors, so
 * never on the event loop); until it is ready, search is exact.
 *
 * Writes are followed without knowing who made them: each new matrix (the store reads one after any change) is
 * compared row by row with the one the index was last matched to. A vector that changed or went away is marked
 * deleted in the index; a new or changed one is searched exactly beside it, and the two answers merged. When those
 * exact rows pass REBUILD_SHARE of the index, a new index is built in the background and replaces this one when
 * ready. Every score returned is the exact cosine, from the matrix: only which papers are found is approximate.
 */
export class VectorIndex {
  private hnsw: HierarchicalNSW | null = null;
  /** The matrix `labels` and `fresh` describe. */
  private matched: VectorMatrix | null = null;
  /** Ids whose current vector the index holds, with their label. */
  private labels = new Map<string, number>();
  /** Each label's id when the index was built. */
  private labelIds: string[] = [];
  /** Rows of `matched` the index does not hold (new or changed since it was built): searched exactly. */
  private fresh: number[] = [];
  private building: Promise<void> | null = null;
  private worker: Worker | null = null;
  private failed = false;

  /** Approximate nearest neighbours from the index, or null when none is ready (the caller scans). */
  search(m: VectorMatrix, query: Float32Array, k: number, exclude: Set<string>): ScoredId[] | null {
    if (this.hnsw && this.hnsw.getNumDimensions() !== m.dims) {
      // The model's vectors changed length (re-embedded): the index is of no use until rebuilt.
      this.hnsw = null;
      this.matched = null;
    }
    if (!this.hnsw) {
      this.build(m);
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
    hits.push(...exactNearest(m, query, k, exclude, this.fresh));
    hits.sort((a, b) => (beats(a.score, a.id, b) ? -1 : beats(b.score, b.id, a) ? 1 : 0));
    return hits.slice(0, k);
  }

  /**
   * Resolves when an index is ready for `m` (built now if there is none), false when it cannot be built. What
   * benchmarks and tests wait for; queries never wait.
   */
  async ready(m: VectorMatrix): Promise<boolean> {
    if (!this.hnsw) this.build(m);
    await this.building;
    return this.hnsw !== null;
  }

  /** Stops a build in progress. */
  async close(): Promise<void> {
    await this.worker?.terminate();
  }

  private idOf(label: number): string | undefined {
    const id = this.labelIds[label];
    return id !== undefined && this.labels.get(id) === label ? id : undefined;
  }

  /** Follows `m`: the rows that changed since the matched matrix are marked deleted, and searched exactly. */
  private match(m: VectorMatrix): void {
    const before = this.matched;
    if (before === m || !before || !this.hnsw) return;
    const fresh: number[] = [];
    for (let i = 0; i < m.ids.length; i++) {
      const id = m.ids[i];
      const label = this.labels.get(id);
      const j = before.index.get(id);
      if (label !== undefined && j !== undefined && sameRow(m, i, before, j)) continue;
      if (label !== undefined) {
        this.hnsw.markDelete(label);
        this.labels.delete(id);
      }
      fresh.push(i);
    }
    for (const [id, label] of this.labels) {
      if (!m.index.has(id)) {
        this.hnsw.markDelete(label);
        this.labels.delete(id);
      }
    }
    this.matched = m;
    this.fresh = fresh;
    if (fresh.length > REBUILD_SHARE * Math.max(1, this.labels.size)) this.build(m);
  }

  /** Builds an index of `m` in a worker thread unless one is being built; it replaces the current one when ready. */
  private build(m: VectorMatrix): void {
    if (this.building || this.failed) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-hnsw-'));
    const file = path.join(dir, 'index.bin');
    const job: BuildJob = { dims: m.dims, count: m.ids.length, values: m.values.slice(), file, m: M, efConstruction: EF_CONSTRUCTION, seed: SEED };
    const worker = new Worker(BUILD_FILE, { workerData: job, transferList: [job.values.buffer as ArrayBuffer] });
    worker.unref();
    this.worker = worker;
    this.building = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the vector index build stopped (exit code ${code})`)));
    })
      .then(async () => {
        const hnsw = new HierarchicalNSW('cosine', m.dims);
        await hnsw.readIndex(file);
        this.install(hnsw, m);
      })
      .catch((err: unknown) => {
        // Exact search stays correct: say why once, and do not try again.
        this.failed = true;
        process.emitWarning(`vector index not built, nearest-neighbour search stays exact: ${(err as Error).message}`);
      })
      .finally(() => {
        this.building = null;
        this.worker = null;
        fs.rmSync(dir, { recursive: true, force: true });
      });
  }

  /** The index built from `built` becomes the one searched, matched to `built` (then to newer matrices as they come). */
  private install(hnsw: HierarchicalNSW, built: VectorMatrix): void {
    const current = this.matched;
    if (current && current.dims !== built.dims) return;
    this.hnsw = hnsw;
    this.labelIds = built.ids.slice();
    this.labels = new Map(built.ids.map((id, i) => [id, i]));
    this.matched = built;
    this.fresh = [];
    if (current && current !== built) this.match(current);
  }
}
