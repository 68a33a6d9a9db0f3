import type { GraphStore } from '../../graph/store';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { loadEmbedder } from '../../ingest/embed';
import { ingest } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import type { Config } from '../../src/config';
import { SAMPLE_CORPUS } from '../../src/paths';
import { startServer } from '../../src/server/app';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../src/server/guards';
import type { ModelStatus } from '../../src/services/model';
import { tempDir, testConfig, testEmbedder } from '../support/fixtures';

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: {
    /** Checked by the tests, not typed. */
    data?: any;
    errors?: { message: string; path?: string[]; extensions?: { code?: string; stacktrace?: string[] } }[];
    /** Checked by the tests, not typed. */
    extensions?: any;
  };
}

/** A real server on an ephemeral loopback port, over a real store. */
export interface Api {
  url: string;
  config: Config;
  /** POSTs one operation to /graphql. */
  gql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/** The real model, loaded once per test file, as the server holds it. */
export async function loadedModel(): Promise<ModelStatus> {
  const embedder = await testEmbedder();
  return { loaded: true, model: embedder.modelId, embedder };
}

/**
 * The model as a server holds it when none can be loaded: the configured one fails (a model folder that does not
 * exist) and the bundled fallback is not there either (here: not tried).
 */
export async function unavailableModel(dir: string): Promise<ModelStatus> {
  const error = await loadEmbedder(testConfig(dir, { LITGRAPH_EMBEDDING_MODEL: 'no-such-model' }).embedding).then(
    () => {
      throw new Error('no-such-model loaded');
    },
    (err: Error) => err,
  );
  return { loaded: false, model: 'no-such-model', reason: error.message };
}

/** A temp folder with a store holding the sample corpus (80 papers, embedded by the real model). */
export async function sampleStore(): Promise<{ dir: string; store: GraphStore; cleanup: () => Promise<void> }> {
  const tmp = tempDir();
  const store = new SqliteGraphStore(testConfig(tmp.dir).dbPath);
  const source = await openSource(SAMPLE_CORPUS);
  const report = await ingest(source.name, source.items, store, { batchSize: 32, embedder: await testEmbedder() });
  if (report.inserted !== 80) throw new Error(`the sample corpus gave ${report.inserted} papers, not 80`);
  return {
    dir: tmp.dir,
    store,
    cleanup: async () => {
      await store.close();
      tmp.cleanup();
    },
  };
}

/**
 * The sample corpus served over real HTTP for a whole test file: registers the beforeAll that builds store and server
 * and the afterAll that stops them; `api` and `sample` are set once beforeAll has run.
 */
export function serveSample(): { api: Api; sample: Awaited<ReturnType<typeof sampleStore>> } {
  const served = {} as ReturnType<typeof serveSample>;
  beforeAll(async () => {
    served.sample = await sampleStore();
    served.api = await startApi(served.sample.dir, served.sample.store);
  });
  afterAll(async () => {
    await served.api?.stop();
    await served.sample?.cleanup();
  });
  return served;
}

/**
 * The sample corpus served for a whole test file by two servers on one store: `keyed` with LITGRAPH_API_KEY set to
 * `key`, `keyless` without one (registers the beforeAll and afterAll, as serveSample does).
 */
export function serveSampleKeyed(key: string): { keyed: Api; keyless: Api; sample: Awaited<ReturnType<typeof sampleStore>> } {
  const served = {} as ReturnType<typeof serveSampleKeyed>;
  beforeAll(async () => {
    served.sample = await sampleStore();
    served.keyed = await startApi(served.sample.dir, served.sample.store, { env: { LITGRAPH_API_KEY: key } });
    served.keyless = await startApi(served.sample.dir, served.sample.store);
  });
  afterAll(async () => {
    await served.keyed?.stop();
    await served.keyless?.stop();
    await served.sample?.cleanup();
  });
  return served;
}

/**
 * Starts a server on `store` with the test configuration of `dir` plus `env` (LITGRAPH_API_KEY, NODE_ENV, …) and
 * the default run-time limits but for `limits`.
 */
export async function startApi(
  dir: string,
  store: GraphStore,
  options: { env?: NodeJS.ProcessEnv; model?: ModelStatus; limits?: Partial<ServerLimits> } = {},
): Promise<Api> {
  const config = testConfig(dir, { NODE_ENV: 'test', ...options.env });
  const model = options.model ?? (await loadedModel());
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const server = await startServer(config, store, model, { host: '127.0.0.1', port: 0 }, limits);
  return {
    url: server.url,
    config,
    gql: async (query, variables, headers = {}) => {
      const res = await fetch(`${server.url}graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse['body'] };
    },
    stop: () => server.stop(),
  };
}

/** The codes of a response's errors. */
export function codes(res: GraphQLResponse): (string | undefined)[] {
  return (res.body.errors ?? []).map((e) => e.extensions?.code);
}
