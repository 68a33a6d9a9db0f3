/**
 * npm run bench:ann: exact nearest-neighbour search (what the SQLite store does today: a scan of Float32Array dot
 * products over unit vectors) against two approximate (HNSW) libraries, hnswlib-node and usearch, printed as figures:
 * build time, query p50/p99, recall@10 and @50 against the exact top k, and memory (resident growth while the index is
 * built, so indicative only).
 *
 * Data sets, all 512-d unit vectors: clustered random vectors (a seeded PRNG, 500 topic centroids, each vector its
 * centroid plus noise, as test/bench/related.ts draws them) at 3,451 and 100,000, and the real use-lite vectors of the
 * 3,451 ml-papers store when its cache exists (test/eval/ml-store.ts; read-only). Queries are vectors of the set, as
 * relatedPapers asks with a paper's own vector.
 *
 * sqlite-vec (@photostructure/sqlite-vec 2.0.1) is not measured: it requires Node ≥ 22, and this project runs on 20.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { HierarchicalNSW } from 'hnswlib-node';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { dot } from '../../graph/vectors';
import { KNOWLEDGE_VERSION } from '../../ingest/pipeline';
import { prng } from '../eval/ml-store';
import { gaussian, percentile } from './stats';

const DIMS = 512;
const TOPICS = 500;
const SEED = 11;
const KS = [10, 50];
/** HNSW parameters: graph degree, candidates kept while building, candidates kept while searching. */
const M = 16;
const EF_CONSTRUCTION = 128;
const EF_SEARCH = [64, 128, 256];

interface DataSet {
  name: string;
  /** n vectors of DIMS values, one after the other, each of unit length. */
  values: Float32Array;
  n: number;
}

function normalise(values: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const row = values.subarray(i * DIMS, (i + 1) * DIMS);
    const length = Math.sqrt(dot(row, row));
    for (let d = 0; d < DIMS; d++) row[d] /= length;
  }
}

function clustered(n: number): DataSet {
  const random = prng(SEED);
  const centroids = Array.from({ length: TOPICS }, () => Float32Array.from({ length: DIMS }, () => gaussian(random)));
  const values = new Float32Array(n * DIMS);
  for (let i = 0; i < n; i++) {
    const centroid = centroids[Math.floor(random() * TOPICS)];
    for (let d = 0; d < DIMS; d++) values[i * DIMS + d] = centroid[d] + 1.2 * gaussian(random);
  }
  normalise(values, n);
  return { name: `clustered random, ${n.toLocaleString('en')}`, values, n };
}

/** The use-lite vectors of the cached ml-papers store, or null when that cache was never built. */
function mlPapers(): DataSet | null {
  const file = fs
    .readdirSync(os.tmpdir())
    .find((f) => f.startsWith('litgraph-ml-papers-') && f.endsWith(`-use-lite-${KNOWLEDGE_VERSION}-nokw1.db`));
  if (!file) return null;
  const db = new Database(path.join(os.tmpdir(), file), { readonly: true });
  try {
    const rows = db
      .prepare<[], { vector: Buffer }>(`SELECT vector FROM papers WHERE vector_model = 'use-lite' ORDER BY id`)
      .all();
    const values = new Float32Array(rows.length * DIMS);
    rows.forEach((r, i) => {
      if (r.vector.byteLength !== DIMS * 4) throw new Error(`${file}: a ${r.vector.byteLength / 4}-d vector, expected ${DIMS}`);
      values.set(new Float32Array(r.vector.buffer, r.vector.byteOffset, DIMS), i * DIMS);
    });
    normalise(values, rows.length);
    return { name: `ml-papers use-lite, ${rows.length.toLocaleString('en')}`, values, n: rows.length };
  } finally {
    db.close();
  }
}

/** Exact top k by dot product, best first, kept in order during the scan as the store's search does. */
function exact(set: DataSet, query: Float32Array, k: number): number[] {
  const hits: { i: number; score: number }[] = [];
  for (let i = 0; i < set.n; i++) {
    const score = dot(query, set.values, i * DIMS);
    if (hits.length === k && score <= hits[k - 1].score) continue;
    if (hits.length === k) hits.pop();
    let j = hits.length;
    while (j > 0 && score > hits[j - 1].score) j--;
    hits.splice(j, 0, { i, score });
  }
  return hits.map((h) => h.i);
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

/** Times `search` over the queries; recall@k of its answers against the exact ones. */
function measure(queries: number[], truth: Map<number, number[]>[], search: (q: number, k: number) => number[]) {
  const times: number[] = [];
  const recall: number[] = [];
  for (const [ki, k] of KS.entries()) {
    let found = 0;
    for (const q of queries) {
      const t = performance.now();
      const answer = search(q, k);
      times.push(performance.now() - t);
      const expected = new Set(truth[ki].get(q));
      found += answer.filter((i) => expected.has(i)).length;
    }
    recall.push(found / (queries.length * k));
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), recall };
}

function row(method: string, build: string, memory: string, m: ReturnType<typeof measure>): void {
  console.log(
    `| ${method} | ${build} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.recall[0].toFixed(4)} | ${m.recall[1].toFixed(4)} | ${memory} |`,
  );
}

function bench(set: DataSet): void {
  const random = prng(SEED + set.n);
  const count = set.n > 10_000 ? 100 : 200;
  const queries = Array.from({ length: count }, () => Math.floor(random() * set.n));
  const vector = (i: number) => set.values.subarray(i * DIMS, (i + 1) * DIMS);
  console.log(`\n${set.name} vectors, ${count} queries (each k of ${KS.join(', ')}), M ${M}, ef construction ${EF_CONSTRUCTION}`);
  console.log('| method | build s | query p50 ms | query p99 ms | recall@10 | recall@50 | memory MiB |');
  console.log('|---|---|---|---|---|---|---|');

  const truth = KS.map(() => new Map<number, number[]>());
  const exactTimes = measure(queries, truth, (q, k) => {
    const answer = exact(set, vector(q), k);
    truth[KS.indexOf(k)].set(q, answer);
    return answer;
  });
  row('exact scan (today)', '0', `${((set.n * DIMS * 4) / 2 ** 20).toFixed(0)} (the vectors)`, exactTimes);

  let before = rssMiB();
  let started = performance.now();
  const hnsw = new HierarchicalNSW('ip', DIMS);
  hnsw.initIndex({ maxElements: set.n, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: SEED });
  for (let i = 0; i < set.n; i++) hnsw.addPoint(Array.from(vector(i)), i);
  let build = ((performance.now() - started) / 1000).toFixed(1);
  let memory = (rssMiB() - before).toFixed(0);
  for (const ef of EF_SEARCH) {
    hnsw.setEf(ef);
    const queryArrays = new Map(queries.map((q) => [q, Array.from(vector(q))]));
    row(`hnswlib-node, ef ${ef}`, build, memory, measure(queries, truth, (q, k) => hnsw.searchKnn(queryArrays.get(q)!, k).neighbors));
  }

  // usearch fixes the search breadth when an index is made: the index is built once (on one thread, as a server
  // would while answering), saved, and loaded into an index of each breadth.
  const config = (ef: number) => ({
    dimensions: DIMS,
    metric: MetricKind.IP,
    quantization: ScalarKind.F32,
    connectivity: M,
    expansion_add: EF_CONSTRUCTION,
    expansion_search: ef,
    multi: false,
  });
  before = rssMiB();
  started = performance.now();
  const built = new Index(config(EF_SEARCH[0]));
  built.add(
    BigUint64Array.from({ length: set.n }, (_, i) => BigInt(i)),
    Array.from({ length: set.n }, (_, i) => vector(i)),
    1,
  );
  build = ((performance.now() - started) / 1000).toFixed(1);
  memory = (rssMiB() - before).toFixed(0);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-ann-')), 'index.usearch');
  try {
    built.save(file);
    for (const ef of EF_SEARCH) {
      const index = new Index(config(ef));
      index.load(file);
      row(`usearch, ef ${ef}`, build, memory, measure(queries, truth, (q, k) => Array.from(index.search(vector(q), k, 1).keys, Number)));
    }
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

function main(): void {
  console.log(`${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}; ${DIMS}-d unit vectors`);
  const real = mlPapers();
  if (real) bench(real);
  else console.log('\n(no cached ml-papers store under the temp folder: run npm run bench:related once to build it)');
  bench(clustered(3451));
  bench(clustered(100_000));
}

main();
