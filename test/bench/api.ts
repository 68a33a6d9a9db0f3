/**
 * npm run bench:api [corpus.jsonl]: the GraphQL API's throughput and latency, printed as figures.
 *
 * The corpus (default ../shared/data/ml-papers/papers.jsonl, 3,451 papers) is ingested into a store cached at
 * $TMPDIR/litgraph-bench/<corpus>-<model>.db. The first run embeds every paper (about 95 s with use-lite on 2 cores);
 * later runs go through the same ingest, which finds every paper unchanged and takes seconds.
 *
 * The server is the real one, `litgraph serve` in a child process (NODE_ENV=production) on an ephemeral loopback
 * port; autocannon drives it from this process for DURATION seconds per operation and concurrency. The same
 * operations then run in this process through graphql-js `execute` on the same schema, resolvers and store, one at a
 * time with a fresh per-request context; "overhead" is HTTP latency at concurrency 1 over in-process latency.
 *
 * Uses LITGRAPH_MODEL_DIR / LITGRAPH_EMBEDDING_MODEL when set, else the bundled models/use-lite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { execute, parse, type DocumentNode } from 'graphql';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { BUNDLED_MODEL, BUNDLED_MODEL_DIR } from '../../ingest/embed';
import { ingest } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { loadConfig } from '../../src/config';
import { appState, requestContext } from '../../src/graphql/context';
import { buildSchema } from '../../src/graphql/schema';
import { ServerWrites } from '../../src/server/writes';
import { progressReporter } from '../../src/progress';
import { loadModel } from '../../src/services/model';
import { evalData, ML_PAPERS_WHAT, requireData } from '../eval/data';
import { startServer } from './serve';
import { percentile } from './stats';

const DURATION_SECONDS = 5;
const CONCURRENCY = [1, 8];

interface Operation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1)).padStart(7);
const rate = (v: number) => v.toFixed(0).padStart(7);

async function main(): Promise<void> {
  const corpus = process.argv[2]
    ? requireData(path.resolve(process.argv[2]), 'a corpus file (JSON Lines or a paper listing)')
    : evalData('ml-papers/papers.jsonl', ML_PAPERS_WHAT);
  const modelEnv = {
    LITGRAPH_MODEL_DIR: process.env.LITGRAPH_MODEL_DIR ?? BUNDLED_MODEL_DIR,
    LITGRAPH_EMBEDDING_MODEL: process.env.LITGRAPH_MODEL_DIR ? process.env.LITGRAPH_EMBEDDING_MODEL : BUNDLED_MODEL,
  };
  const probe = loadConfig({ ...process.env, ...modelEnv });
  const cacheDir = path.join(os.tmpdir(), 'litgraph-bench');
  const db = path.join(
    cacheDir,
    `${path.basename(corpus, path.extname(corpus))}-${probe.embedding.model.replace(/[^\w.-]+/g, '_')}.db`,
  );
  const env = { ...process.env, ...modelEnv, LITGRAPH_DB: db, LITGRAPH_HOST: '127.0.0.1', LITGRAPH_PORT: '0', NODE_ENV: 'production' };
  const config = loadConfig(env);
  fs.mkdirSync(cacheDir, { recursive: true });

  const model = await loadModel(config.embedding);
  if (!model.loaded) throw new Error(model.reason);
  const store = new SqliteGraphStore(config.dbPath);
  const source = await openSource(corpus);
  const progress = progressReporter(`ingest ${path.basename(corpus)} into ${db}`);
  const report = await ingest(source.name, source.items, store, {
    batchSize: config.batchSize,
    embedder: model.embedder,
    onProgress: ({ written }) =>
      progress.update({ papers: written, fraction: source.totalBytes && source.bytesRead() / source.totalBytes }),
  });
  progress.stop();
  const stats = await store.stats();
  console.log(`corpus ${corpus}`);
  console.log(
    `store ${db}: ${stats.papers} papers, ${stats.vectorsByModel[config.embedding.model] ?? 0} with ${config.embedding.model} ` +
      `vectors (this run: ${report.inserted + report.updated + report.refreshed} written, ${report.unchanged} unchanged, ` +
      `${report.seconds.toFixed(1)}s)`,
  );
  console.log(`${os.cpus().length} cores, ${DURATION_SECONDS}s per HTTP run, node ${process.version}`);

  // A paper from the middle of the id order, and the cursor of the one before it.
  const middle = await store.listPapers({ first: Math.floor(stats.papers / 2) });
  const id = middle.items[middle.items.length - 1].id;
  const cursor = middle.cursors[middle.cursors.length - 2];
  const operations: Operation[] = [
    {
      name: 'paper(id)',
      query: 'query ($id: ID!) { paper(id: $id) { id title abstract authors year venue } }',
      variables: { id },
    },
    {
      name: 'papers page',
      query:
        'query ($after: String) { papers(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor } ' +
        'edges { cursor node { id title year venue } } } }',
      variables: { after: cursor },
    },
    {
      name: 'relatedPapers',
      query:
        'query ($id: ID!) { relatedPapers(paperId: $id, first: 10) { score paper { id title } ' +
        'signals { name value contribution available } } }',
      variables: { id },
    },
    {
      name: 'search',
      query:
        'query ($q: String!) { search(query: $q, first: 10) { score paper { id title } ' +
        'signals { name value contribution available } } }',
      variables: { q: 'sparse mixture of experts routing' },
    },
  ];

  const server = startServer(env);
  const url = await server.url;
  const http: Record<string, Record<number, { rps: number; p50: number; p99: number }>> = {};
  try {
    for (const op of operations) {
      const body = JSON.stringify({ query: op.query, variables: op.variables });
      const check = await fetch(`${url}graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const json = (await check.json()) as { errors?: unknown };
      if (!check.ok || json.errors) throw new Error(`${op.name} failed: ${JSON.stringify(json)}`);
      http[op.name] = {};
      for (const connections of CONCURRENCY) {
        const result = await autocannon({
          url: `${url}graphql`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          connections,
          duration: DURATION_SECONDS,
        });
        if (result.errors || result.non2xx) {
          throw new Error(`${op.name}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
        }
        http[op.name][connections] = {
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
        };
      }
    }
  } finally {
    await server.stop();
  }

  // In-process: the same schema and resolvers over the same store, one operation at a time.
  const schema = buildSchema();
  // The operations measured are queries: the workers are never started.
  const state = appState(config, store, model, new ServerWrites(config, store, model));
  const inProcess: Record<string, { rps: number; p50: number; p99: number }> = {};
  for (const op of operations) {
    const document: DocumentNode = parse(op.query);
    const run = async () => {
      const result = await execute({ schema, document, variableValues: op.variables, contextValue: requestContext(state) });
      if (result.errors) throw new Error(`${op.name}: ${result.errors[0].message}`);
    };
    await run();
    const times: number[] = [];
    const started = performance.now();
    while (performance.now() - started < DURATION_SECONDS * 1000) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const seconds = (performance.now() - started) / 1000;
    inProcess[op.name] = { rps: times.length / seconds, p50: percentile(times, 50), p99: percentile(times, 99) };
  }
  await store.close();

  const header = [
    'operation'.padEnd(14),
    ...CONCURRENCY.map((c) => `HTTP c=${c}: req/s  p50 ms  p99 ms`.padStart(33)),
    'in-process: op/s  p50 ms  p99 ms'.padStart(34),
    'server overhead (mean, c=1)'.padStart(30),
  ].join('');
  console.log(`\n${header}`);
  for (const op of operations) {
    const h = http[op.name];
    const local = inProcess[op.name];
    // Mean latency at one request at a time is 1000 / rate, on both sides: finer than autocannon's whole milliseconds.
    const httpMean = 1000 / h[1].rps;
    const localMean = 1000 / local.rps;
    console.log(
      [
        op.name.padEnd(14),
        ...CONCURRENCY.map((c) => `${rate(h[c].rps)} ${ms(h[c].p50)} ${ms(h[c].p99)}`.padStart(33)),
        `${rate(local.rps)} ${ms(local.p50)} ${ms(local.p99)}`.padStart(34),
        `${(httpMean / localMean).toFixed(2)}x (${ms(localMean).trim()} -> ${ms(httpMean).trim()} ms)`.padStart(30),
      ].join(''),
    );
  }
  console.log(
    "\nHTTP p50/p99 are autocannon's (whole milliseconds); the overhead compares mean latencies one request at a " +
      'time (1000 / rate). The server, autocannon and the in-process runs share this machine\'s cores.',
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
