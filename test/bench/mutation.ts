/**
 * npm run bench:mutation [-- --store FILE] [-- --runs R]: a one-paper mutation on a served store, end to end, with the
 * corpus graph updated in the background by the server's corpus-graph worker (issue 12, "a live graph"), as figures.
 *
 * Works on a copy of a store: FILE (e.g. the 100,000-paper store `npm run bench:live -- --papers 100000` caches in the
 * temp folder), else the cached ml-papers store (test/eval/ml-store.ts). Serves it with the built `litgraph serve`
 * (real model, real HTTP) and prints:
 *   the first one-paper ingestPapers (it starts the ingest worker, which loads its model), and the first background
 *     update after it (the corpus-graph worker's first: whole, it reads every paper's knowledge), with paper(id) p99
 *     from one client while that update runs against its idle p99;
 *   R times: a one-paper ingestPapers answered once its paper is stored, a second one sent at once after it (so while
 *     the background update of the first runs), the time until `corpusGraph` says fresh, and a one-paper
 *     ingestPapers with `waitForGraph: true` (the answer after the graph update); medians and each run;
 *   relatedPapers of a paper not asked before: on the idle server (its vectors read), right after a mutation's answer,
 *     and right after the corpus graph's update is written (what a write costs the next related query);
 *   the server's resident memory (with both workers) and its peak.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { evalConfig, ML_PAPERS, mlPapersStoreFile } from '../eval/ml-store';
import { serverEnv, startServer } from './serve';
import { copyStore, median, memoryMiB, newPapers, percentile, type CorpusRecord } from './stats';

const KEY = 'bench-mutation-key-0123456789';
const IDLE_SECONDS = 5;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
const runsOf = (xs: number[]) => `median ${ms(median(xs))} ms (${xs.map(ms).join(' / ')} ms)`;

async function main(): Promise<void> {
  const runs = Number(option('runs') ?? 3);
  const source = option('store') ?? (await mlPapersStoreFile()).file;
  const config = evalConfig();
  const records = fs
    .readFileSync(ML_PAPERS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRecord);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-bench-mutation-'));
  try {
    const db = path.join(dir, 'store.db');
    copyStore(source, db);
    const store = new SqliteGraphStore(db);
    const stats = await store.stats();
    const ids = (await store.listPapers({ first: 200 })).items.map((p) => p.id);
    await store.close();
    console.log(
      `${source}: ${stats.papers} papers, ${stats.concepts} concepts, ${stats.methods} methods; ${os.cpus().length} cores, ` +
        `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`,
    );

    const server = startServer(serverEnv(db, config.embedding, KEY));
    try {
      const url = `${await server.url}graphql`;
      const post = async (query: string, variables: object = {}, key?: string) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const json = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
        if (!res.ok || json.errors) throw new Error(`${res.status}: ${JSON.stringify(json.errors ?? json)}`);
        return json.data!;
      };
      let round = 0;
      /** Milliseconds a one-paper ingestPapers takes to answer. */
      const ingestOne = async (waitForGraph = false) => {
        const t = performance.now();
        const answer = await post(
          'mutation ($p: [PaperInput!]!, $w: Boolean) { ingestPapers(papers: $p, waitForGraph: $w) { inserted corpusGraph { fresh } } }',
          { p: newPapers(records, 1, round++, 'bench-mutation'), w: waitForGraph },
          KEY,
        );
        const report = answer.ingestPapers as { inserted: number; corpusGraph: { fresh: boolean } };
        if (report.inserted !== 1 || report.corpusGraph.fresh !== waitForGraph) throw new Error(`mutation: ${JSON.stringify(answer)}`);
        return performance.now() - t;
      };
      const isFresh = async () => ((await post('{ corpusGraph { fresh } }')).corpusGraph as { fresh: boolean }).fresh;
      /** Milliseconds until `corpusGraph` says fresh, polled every 20 ms. */
      const untilFresh = async () => {
        const t = performance.now();
        while (!(await isFresh())) await new Promise((resolve) => setTimeout(resolve, 20));
        return performance.now() - t;
      };
      /** paper(id) p99 from one client, one request after another, until `done` says stop. */
      const paperP99 = async (done: () => Promise<boolean> | boolean) => {
        const times: number[] = [];
        for (let i = 0; !(await done()); i++) {
          const t = performance.now();
          await post('query ($id: ID!) { paper(id: $id) { id title abstract authors year venue } }', { id: ids[i % ids.length] });
          times.push(performance.now() - t);
        }
        return { p99: percentile(times.sort((a, b) => a - b), 99), count: times.length };
      };

      /** Milliseconds a first relatedPapers ask of the next paper not asked before takes. */
      let asked = ids.length;
      const relatedOnce = async () => {
        const t = performance.now();
        await post('query ($id: ID!) { relatedPapers(paperId: $id, first: 10) { paper { id } score } }', { id: ids[--asked] });
        return performance.now() - t;
      };
      // The server's first related query reads every vector: before anything is timed.
      await relatedOnce();
      const relatedIdle = [await relatedOnce(), await relatedOnce(), await relatedOnce()];
      const relatedAfterWrite: number[] = [];
      const relatedAfterGraph: number[] = [];

      const until = performance.now() + IDLE_SECONDS * 1000;
      const idle = await paperP99(() => performance.now() > until);
      const first = await ingestOne();
      const t = performance.now();
      const during = await paperP99(async () => isFresh());
      const firstUpdate = performance.now() - t;
      console.log(
        `first one-paper ingestPapers (starts the ingest worker and its model): ${ms(first)} ms; the first background ` +
          `update after it (whole) ${(firstUpdate / 1000).toFixed(1)} s; paper(id) p99 idle ${ms(idle.p99)} ms, ` +
          `during that update ${ms(during.p99)} ms (${(during.p99 / idle.p99).toFixed(1)}× idle, ${during.count} requests)`,
      );

      const stored: number[] = [];
      const second: number[] = [];
      const fresh: number[] = [];
      const waited: number[] = [];
      for (let r = 0; r < runs; r++) {
        // Each figure printed as it is known: at 100,000 papers a run takes many minutes.
        const t0 = performance.now();
        stored.push(await ingestOne());
        relatedAfterWrite.push(await relatedOnce());
        second.push(await ingestOne());
        console.log(
          `  run ${r + 1}: answered once stored ${ms(stored[r])} ms, the second ${ms(second[r])} ms; ` +
            `relatedPapers between them ${ms(relatedAfterWrite[r])} ms`,
        );
        await untilFresh();
        fresh.push(performance.now() - t0);
        relatedAfterGraph.push(await relatedOnce());
        console.log(`  run ${r + 1}: corpus graph fresh after ${ms(fresh[r])} ms; relatedPapers then ${ms(relatedAfterGraph[r])} ms`);
        waited.push(await ingestOne(true));
        console.log(`  run ${r + 1}: with waitForGraph ${ms(waited[r])} ms`);
      }
      console.log(`one-paper ingestPapers, answered once stored: ${runsOf(stored)}`);
      console.log(`  a second one sent at once (the background update of the first running): ${runsOf(second)}`);
      console.log(`  corpus graph fresh (both papers in it), from the first's request: ${runsOf(fresh)}`);
      console.log(`one-paper ingestPapers with waitForGraph (corpus graph updated when it answers): ${runsOf(waited)}`);
      console.log(`relatedPapers, a paper not asked before: idle ${runsOf(relatedIdle)}`);
      console.log(`  right after a mutation's answer: ${runsOf(relatedAfterWrite)}`);
      console.log(`  right after the corpus graph's update: ${runsOf(relatedAfterGraph)}`);
      const memory = memoryMiB(server.pid);
      console.log(
        `server RSS (server, ingest worker, corpus-graph worker) ${memory.rss.toFixed(0)} MiB, peak ${memory.peak.toFixed(0)} MiB; ` +
          `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      );
    } finally {
      const code = await server.stop();
      if (code !== 0) console.error(`litgraph serve exited with ${code}:\n${server.output()}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
