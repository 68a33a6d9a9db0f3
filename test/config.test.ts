import { ConfigError, loadConfig } from '../src/config';

const env = (vars: NodeJS.ProcessEnv) => ({ PATH: process.env.PATH, ...vars });

test('papers per batch and windows per model call are two knobs; the second follows the first when unset', () => {
  expect(loadConfig(env({}))).toMatchObject({ batchSize: 32, embedding: { windowsPerCall: 32 } });
  expect(loadConfig(env({ LITGRAPH_BATCH_SIZE: '8' }))).toMatchObject({ batchSize: 8, embedding: { windowsPerCall: 8 } });
  expect(loadConfig(env({ LITGRAPH_BATCH_SIZE: '8', LITGRAPH_EMBED_BATCH_SIZE: '64' }))).toMatchObject({
    batchSize: 8,
    embedding: { windowsPerCall: 64 },
  });
  expect(loadConfig(env({ LITGRAPH_EMBED_BATCH_SIZE: ' ' }))).toMatchObject({ embedding: { windowsPerCall: 32 } });
});

test('a bad windows-per-call value is named', () => {
  expect(() => loadConfig(env({ LITGRAPH_EMBED_BATCH_SIZE: '0' }))).toThrow(ConfigError);
  expect(() => loadConfig(env({ LITGRAPH_EMBED_BATCH_SIZE: '0' }))).toThrow(
    /LITGRAPH_EMBED_BATCH_SIZE: must be a whole number from 1 to 4096, got "0"/,
  );
});

test('related work is prepared ahead up to 20,000 papers by default; 0 turns it off; a bad limit is named', () => {
  expect(loadConfig(env({})).prepareRelatedMaxPapers).toBe(20_000);
  expect(loadConfig(env({ LITGRAPH_PREPARE_RELATED_MAX_PAPERS: '0' })).prepareRelatedMaxPapers).toBe(0);
  expect(() => loadConfig(env({ LITGRAPH_PREPARE_RELATED_MAX_PAPERS: '-1' }))).toThrow(
    /LITGRAPH_PREPARE_RELATED_MAX_PAPERS: must be a whole number from 0 to 100000000, got "-1"/,
  );
});

test("the corpus-graph worker's heap limit is unset by default, a whole number of MiB when set, and a bad one is named", () => {
  expect(loadConfig(env({})).graphWorkerHeapMb).toBeUndefined();
  expect(loadConfig(env({ LITGRAPH_GRAPH_WORKER_HEAP_MB: '8192' })).graphWorkerHeapMb).toBe(8192);
  expect(() => loadConfig(env({ LITGRAPH_GRAPH_WORKER_HEAP_MB: '6.5' }))).toThrow(
    /LITGRAPH_GRAPH_WORKER_HEAP_MB: must be a whole number from 1 to 1048576, got "6.5"/,
  );
});
