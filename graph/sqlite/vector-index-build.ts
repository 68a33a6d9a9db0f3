/**
 * The worker thread that builds a vector index (graph/sqlite/vector-index.ts) off the event loop: an HNSW index of
 * `count` vectors, labelled by their row, written to `file` for the store's thread to read, and each row's digest
 * (what tells a saved index's vector from a changed one in a later process).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HierarchicalNSW } from 'hnswlib-node';
import { rowDigests } from './vector-digest';

export interface BuildJob {
  dims: number;
  count: number;
  /** `count` rows of `dims` values. */
  values: Float32Array;
  file: string;
  m: number;
  efConstruction: number;
  seed: number;
}

const job = workerData as BuildJob;
const index = new HierarchicalNSW('cosine', job.dims);
index.initIndex({ maxElements: Math.max(1, job.count), m: job.m, efConstruction: job.efConstruction, randomSeed: job.seed });
for (let i = 0; i < job.count; i++) index.addPoint(Array.from(job.values.subarray(i * job.dims, (i + 1) * job.dims)), i);
index.writeIndexSync(job.file);
parentPort!.postMessage(rowDigests(job.values, job.dims, 0, job.count));
