/**
 * The ml-papers corpus (../shared/data/ml-papers/papers.jsonl, test/eval/data.ts) ingested into an embedded store by the real pipeline,
 * cached under the OS temp folder so eval and bench reruns skip the ~100 s ingest. The cache is keyed by the corpus
 * size, the model, the extractor version and the schema version (an older litgraph cannot open a store a newer one
 * migrated): a change to any of them builds a new file.
 *
 * Author keywords are held out: they are the relevance labels of the related-work eval (data/eval/related-dev.jsonl),
 * so no signal may see them. The store holds title and abstract (and authors, year, venue) only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SCHEMA_KEY } from '../../graph/sqlite/migrations';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { BUNDLED_MODEL, BUNDLED_MODEL_DIR, loadEmbedder, type Embedder } from '../../ingest/embed';
import { ingest, KNOWLEDGE_VERSION } from '../../ingest/pipeline';
import { openSource, type SourceItem } from '../../ingest/sources';
import { loadConfig, type Config } from '../../src/config';
import { EVAL_DATA_DIR, ML_PAPERS_WHAT, requireData } from './data';

export const ML_PAPERS = path.join(EVAL_DATA_DIR, 'ml-papers/papers.jsonl');

/** The configuration eval and bench run with: LITGRAPH_MODEL_DIR / LITGRAPH_EMBEDDING_MODEL, else the bundled model. */
export function evalConfig(): Config {
  return loadConfig({
    ...process.env,
    LITGRAPH_MODEL_DIR: process.env.LITGRAPH_MODEL_DIR ?? BUNDLED_MODEL_DIR,
    LITGRAPH_EMBEDDING_MODEL: process.env.LITGRAPH_MODEL_DIR ? process.env.LITGRAPH_EMBEDDING_MODEL : BUNDLED_MODEL,
  });
}

async function* withoutKeywords(items: AsyncIterable<SourceItem>): AsyncIterable<SourceItem> {
  for await (const item of items) {
    if (item.kind === 'record') {
      const { keywords: _labels, ...raw } = item.raw;
      yield { ...item, raw };
    } else yield item;
  }
}

/** The cached store of the corpus (built on first use), with the embedder that made its vectors. */
export async function mlPapersStore(): Promise<{ store: SqliteGraphStore; embedder: Embedder; config: Config }> {
  const { file, embedder, config } = await mlPapersStoreFile();
  return { store: new SqliteGraphStore(file), embedder, config };
}

/**
 * The file of the cached store (built on first use), not opened: a benchmark that changes the store copies it first,
 * and opening the cache itself would migrate it in place for every other reader of the temp folder.
 */
export async function mlPapersStoreFile(): Promise<{ file: string; embedder: Embedder; config: Config }> {
  requireData(ML_PAPERS, ML_PAPERS_WHAT);
  const config = evalConfig();
  const embedder = await loadEmbedder(config.embedding);
  const size = fs.statSync(ML_PAPERS).size;
  const key = `${size}-${embedder.modelId.replace(/[^\w.-]+/g, '_')}-${KNOWLEDGE_VERSION}-nokw1-s${SCHEMA_KEY}`;
  const file = path.join(os.tmpdir(), `litgraph-ml-papers-${key}.db`);
  if (fs.existsSync(file)) return { file, embedder, config };
  const building = `${file}.${process.pid}.building`;
  const store = new SqliteGraphStore(building);
  const source = await openSource(ML_PAPERS);
  console.error(`building ${file} (once: about 100 s) …`);
  const report = await ingest(source.name, withoutKeywords(source.items), store, {
    batchSize: config.batchSize,
    embedder,
  });
  console.error(`  ${report.inserted} papers in ${report.seconds.toFixed(0)} s`);
  await store.close();
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(building + suffix)) fs.renameSync(building + suffix, file + suffix);
  }
  return { file, embedder, config };
}

/** mulberry32: a small seeded PRNG, so the draw is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `xs` in a seeded random order (Fisher–Yates over `prng(seed)`). */
export function shuffled<T>(xs: T[], seed: number): T[] {
  const random = prng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
