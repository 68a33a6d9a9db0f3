import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { loadEmbedder, type Embedder } from '../../ingest/embed';

/** The first 12 records of the ml-papers corpus, unchanged (test/fixtures/README.md). */
export const ML_PAPERS_HEAD = path.resolve(__dirname, '../fixtures/ml-papers-head.jsonl');
/** The next 200 records of the ml-papers corpus, unchanged (test/fixtures/README.md). */
export const ML_PAPERS_SLICE = path.resolve(__dirname, '../fixtures/ml-papers-slice.jsonl');

/** A fresh temporary folder, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-test-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The test configuration: a store file in `dir`, the real model bundled in models/ (test/support/env.ts). */
export function testConfig(dir: string, env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ ...process.env, LITGRAPH_DB: path.join(dir, 'litgraph.db'), ...env });
}

let embedder: Promise<Embedder> | undefined;
/** The real embedding model, loaded once per test file. */
export function testEmbedder(): Promise<Embedder> {
  embedder ??= loadEmbedder(testConfig(os.tmpdir()).embedding);
  return embedder;
}


/**
 * What an ingest test file works in, made at its top level: a temporary folder removed after the file, the real model
 * loaded before its tests (`embedder`), and a new path in the folder on each `file(name)`.
 */
export function ingestWorkspace(): { dir: string; readonly embedder: Embedder; file: (name: string) => string } {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let model: Embedder | undefined;
  beforeAll(async () => {
    model = await testEmbedder();
  });
  let n = 0;
  return {
    dir: tmp.dir,
    get embedder() {
      if (!model) throw new Error('the test model is loaded in beforeAll: read `embedder` inside a test');
      return model;
    },
    file: (name) => path.join(tmp.dir, `${n++}-${name}`),
  };
}
