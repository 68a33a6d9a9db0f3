/**
 * npm run bench:live [-- --papers N] [-- --runs R]: the baseline of issue 12 ("a live graph"), printed as figures.
 *
 * Corpus: N papers (default 3,451) made reproducibly by a seeded PRNG from ../shared/data/ml-papers/papers.jsonl:
 * papers fall in topics; a topic's papers recombine the title words and abstract sentences of a few ml-papers
 * (three quarters of the sentences from the topic's own, the rest from anywhere), and carry a precomputed vector of
 * the configured model's dimension near their topic's centroid, so the bulk needs no embedding. The papers go through
 * the real ingest pipeline (normalising, extraction, store writes, the corpus graph) into a SQLite store cached in the
 * temp folder (keyed by N, model and KNOWLEDGE_VERSION); each run works on a copy of it.
 *
 * Then, each figure the median of R runs (default 3; related work keeps each query's candidates until the store
 * changes, so the first run asks the query papers for the first time and later ones ask again: the first is printed
 * too):
 *   relatedPapers(first: 10) p50/p99 at the service in this process (RelatedService, 200 seeded query papers);
 *   relatedPapers over HTTP (`litgraph serve`, NODE_ENV=production, in a child process) with autocannon at 1 and
 *     50 connections, first asks (each run its own papers, none asked of the server before: answered from the entry
 *     the server's related-work worker prepared, the bench waiting until every paper has one, timed and sized)
 *     and asked again (the 200 query papers, each asked once before: the answer is a lookup plus the fusion):
 *     requests/s, p50, p99, and the server's CPU time per request (what bounds requests/s on a machine shared with
 *     other work);
 *   paper(id) p99 from one client, idle and while a 500-paper ingestPapers runs (real model, so real embedding);
 *   a one-paper ingestPapers end to end (embedding included): answered once its paper is stored, then how long until
 *     `corpusGraph` says the background update took it in; and with `waitForGraph: true` (the answer after both);
 *   the server's resident memory and its peak.
 * Mutations add papers of the ml-papers corpus as new papers, so each later run sees a store a little larger.
 *
 * Uses LITGRAPH_MODEL_DIR / LITGRAPH_EMBEDDING_MODEL when set, else ../shared/models/use-lite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { SCHEMA_KEY } from '../../graph/sqlite/migrations';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { loadEmbedder, type Embedder, type TextWindow } from '../../ingest/embed';
import { extractPaper } from '../../ingest/extract';
import { embeddingText, normalize } from '../../ingest/normalize';
import { ingest, KNOWLEDGE_VERSION } from '../../ingest/pipeline';
import type { SourceItem } from '../../ingest/sources';
import type { PaperDraft } from '../../src/domain';
import { RelatedService } from '../../src/services/related';
import { evalConfig, ML_PAPERS, prng } from '../eval/ml-store';
import { serverEnv, startServer } from './serve';
import { copyStore, cpuMs, gaussian, latencies, median, memoryMiB, newPapers, percentile, type CorpusRecord } from './stats';

const SEED = 12;
const QUERIES = 200;
const WARMUP = 10;
const HTTP_SECONDS = 10;
/** Most first-ask requests of one HTTP run (fewer when the store has too few papers for distinct ones). */
const FIRST_ASKS = 1000;
const IDLE_SECONDS = 5;
const MUTATION_PAPERS = 500;
/** Papers per topic, on average, and the ml-papers a topic's text is drawn from. */
const PAPERS_PER_TOPIC = 7;
const SOURCES_PER_TOPIC = 6;
const KEY = 'bench-live-key-0123456789';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number, got ${process.argv[i + 1]}`);
  return value;
}

function readSources(): CorpusRecord[] {
  return fs
    .readFileSync(ML_PAPERS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRecord);
}

/**
 * The precomputed vectors of the synthetic corpus, served in place of a model for its bulk ingest: each text the
 * pipeline asks for is one the generator made, and was given a vector then.
 */
class PrecomputedVectors implements Embedder {
  readonly windowTokens = Number.MAX_SAFE_INTEGER;
  readonly vectors = new Map<string, Float32Array>();

  constructor(
    readonly modelId: string,
    readonly dimensions: number,
  ) {}

  windows(text: string): TextWindow[] {
    return [{ text, tokens: 0 }];
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => {
      const vector = this.vectors.get(text);
      if (!vector) throw new Error(`no precomputed vector for "${text.slice(0, 60)}…"`);
      this.vectors.delete(text);
      return vector;
    });
  }

  async embedWindowed(windowed: TextWindow[][]): Promise<Float32Array[]> {
    return this.embed(windowed.map((w) => w[0].text));
  }
}

/** The synthetic records, each given its vector in `vectors` as it is yielded. */
async function* syntheticCorpus(
  n: number,
  sources: CorpusRecord[],
  vectors: PrecomputedVectors,
  timing = { seconds: 0 },
): AsyncIterable<SourceItem> {
  let resumed = performance.now();
  const random = prng(SEED);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const sentences = sources.map((s) => s.abstract.split(/(?<=[.!?])\s+/).filter((x) => x.length > 20));
  const allSentences = sentences.flat();
  const topics = Math.max(1, Math.round(n / PAPERS_PER_TOPIC));
  const homes = Array.from({ length: topics }, () =>
    Array.from({ length: SOURCES_PER_TOPIC }, () => Math.floor(random() * sources.length)),
  );
  const centroids = Array.from({ length: topics }, () => Float32Array.from({ length: vectors.dimensions }, () => gaussian(random)));
  for (let i = 0; i < n; i++) {
    const topic = Math.floor(random() * topics);
    const home = homes[topic];
    const titleWords = home.flatMap((s) => sources[s].title.split(/\s+/));
    const title = Array.from({ length: 5 + Math.floor(random() * 5) }, () => pick(titleWords)).join(' ');
    const abstract = Array.from({ length: 5 + Math.floor(random() * 4) }, () => {
      const own = sentences[pick(home)];
      return random() < 0.75 && own.length ? pick(own) : pick(allSentences);
    }).join(' ');
    const raw = { id: `live:${i}`, title, abstract, year: 2015 + Math.floor(random() * 11) };
    const normalized = normalize(raw);
    if (!normalized.ok) throw new Error(`synthetic paper ${i}: ${normalized.reason}`);
    const values = Float32Array.from(centroids[topic], (c) => c + 1.2 * gaussian(random));
    const length = Math.hypot(...values);
    vectors.vectors.set(embeddingText(normalized.draft), values.map((v) => v / length));
    timing.seconds += (performance.now() - resumed) / 1000;
    yield { kind: 'record', raw, line: i + 1 };
    resumed = performance.now();
  }
}

/** The cached synthetic store of `n` papers (built on first use, timed), and a working copy of it for this run. */
async function syntheticStore(n: number, embedder: Embedder, sources: CorpusRecord[], dir: string): Promise<string> {
  // The schema version too: opening the cache (to save its vector index) migrates it, which an older litgraph refuses.
  const key = `${n}-${embedder.modelId.replace(/[^\w.-]+/g, '_')}-${KNOWLEDGE_VERSION}-v1-s${SCHEMA_KEY}`;
  const file = path.join(os.tmpdir(), `litgraph-bench-live-${key}.db`);
  if (!fs.existsSync(file)) {
    console.error(`building ${file} (once) …`);
    const building = `${file}.${process.pid}.building`;
    const store = new SqliteGraphStore(building);
    const started = performance.now();
    const vectors = new PrecomputedVectors(embedder.modelId, embedder.dimensions);
    const generating = { seconds: 0 };
    const report = await ingest(`synthetic-${n}`, syntheticCorpus(n, sources, vectors, generating), store, {
      batchSize: 500,
      embedder: vectors,
      onProgress: ({ written }) =>
        written % 10_000 === 0 && console.error(`  ${written} papers written, ${((performance.now() - started) / 1000).toFixed(0)} s`),
    });
    await store.close();
    if (report.inserted !== n) throw new Error(`synthetic corpus: ${report.inserted} of ${n} papers stored: ${JSON.stringify(report.rejected.slice(0, 3))}`);
    // What dominated the build: extraction timed alone on a sample, the rest is generating, normalising and writing.
    const sample = 200;
    const drafts: PaperDraft[] = [];
    const sampleVectors = new PrecomputedVectors(embedder.modelId, embedder.dimensions);
    for await (const item of syntheticCorpus(sample, sources, sampleVectors)) {
      const result = item.kind === 'record' ? normalize(item.raw) : null;
      if (result?.ok) drafts.push(result.draft);
    }
    const t = performance.now();
    for (const d of drafts) extractPaper(d);
    const extraction = ((performance.now() - t) / sample) * n / 1000;
    console.error(
      `  built in ${report.seconds.toFixed(0)} s: corpus graph ${report.corpusSeconds.toFixed(0)} s, the rest ` +
        `${(report.seconds - report.corpusSeconds).toFixed(0)} s, of which generating the corpus ${generating.seconds.toFixed(0)} s ` +
        `and extraction about ${extraction.toFixed(0)} s (${((extraction / n) * 1000).toFixed(1)} ms a paper on a sample of ` +
        `${sample}); the rest is normalising, planning and the store's writes`,
    );
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(building + suffix)) fs.renameSync(building + suffix, file + suffix);
    }
  }
  if (!fs.existsSync(`${file}.ann`)) {
    // Its vector index (above ANN_MIN_VECTORS), saved beside it once, as a server that ran on it would have left it.
    const store = new SqliteGraphStore(file);
    const started = performance.now();
    if (await store.vectorIndexReady(embedder.modelId)) console.error(`  vector index built and saved in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await store.close();
  }
  const db = path.join(dir, 'live.db');
  copyStore(file, db);
  return db;
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

async function main(): Promise<void> {
  const n = flag('papers', 3451);
  const runs = flag('runs', 3);
  const config = evalConfig();
  const embedder = await loadEmbedder(config.embedding);
  const sources = readSources();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-live-'));
  try {
    const db = await syntheticStore(n, embedder, sources, dir);
    const store = new SqliteGraphStore(db);
    const stats = await store.stats();
    const random = prng(SEED + 1);
    const all = (await store.listPapers({ first: stats.papers })).items.map((p) => p.id);
    const ids = Array.from({ length: QUERIES }, () => all[Math.floor(random() * all.length)]);
    const found = await store.getPapers(ids);
    const papers = ids.map((id) => found.get(id)!);
    console.log(
      `${stats.papers} papers (synthetic, ${stats.concepts} concepts, ${stats.methods} methods, ${config.embedding.model} ` +
        `${embedder.dimensions}-d vectors), ${os.cpus().length} cores, node ${process.version}; medians of ${runs} runs`,
    );

    const reading = performance.now();
    if (await store.vectorIndexReady(embedder.modelId)) {
      console.log(`vector index read from the one saved beside the store in ${((performance.now() - reading) / 1000).toFixed(1)} s (what a restarted server does before its first nearest-neighbour search)`);
    }
    const lexical = await store.lexicalIndexReady();
    if (lexical) {
      console.log(
        `lexical index read in ${(lexical.buildMs / 1000).toFixed(1)} s in a worker thread (FTS5 answers full-text search ` +
          `meanwhile), ${(lexical.bytes / 2 ** 20).toFixed(1)} MiB of typed arrays`,
      );
    }
    const service = new RelatedService(store, embedder.modelId, embedder);
    const inProcess: { p50: number; p99: number }[] = [];
    for (let r = 0; r < runs; r++) inProcess.push(await latencies(papers, (p) => service.related(p, 10), WARMUP));
    await store.close();
    const inProcessP50 = median(inProcess.map((x) => x.p50));
    // The service keeps each query's candidates until the store changes: the first run asks each paper for the first
    // time (but for repeats among the 200), later runs ask again.
    console.log(
      `relatedPapers, service in process: p50 ${ms(inProcessP50)} ms, p99 ${ms(median(inProcess.map((x) => x.p99)))} ms; ` +
        `first run (papers asked the first time) p50 ${ms(inProcess[0].p50)} ms, p99 ${ms(inProcess[0].p99)} ms`,
    );

    const serverStarted = performance.now();
    const server = startServer(serverEnv(db, config.embedding, KEY));
    try {
      const url = `${await server.url}graphql`;
      await preparedReady(db, config.embedding.model, server.pid, serverStarted);
      const body = (query: string, variables: object) => JSON.stringify({ query, variables });
      const post = async (payload: string, key?: string) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: payload,
        });
        const json = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
        if (!res.ok || json.errors) throw new Error(`${res.status}: ${JSON.stringify(json.errors ?? json)}`);
        return json.data!;
      };
      const relatedBody = (id: string) =>
        body('query ($id: ID!) { relatedPapers(paperId: $id, first: 10) { score reason paper { id title } } }', { id });
      const related = ids.map(relatedBody);
      const paper = ids.map((id) => body('query ($id: ID!) { paper(id: $id) { id title abstract authors year venue } }', { id }));
      const started = memoryMiB(server.pid);
      for (const b of related.slice(0, WARMUP)) await post(b);

      // First asks: papers outside the query papers, shuffled, a slice of its own for each run at each concurrency.
      const asked = new Set(ids);
      const fresh = all.filter((id) => !asked.has(id));
      for (let i = fresh.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [fresh[i], fresh[j]] = [fresh[j], fresh[i]];
      }
      const perRun = Math.min(FIRST_ASKS, Math.floor(fresh.length / (2 * runs)));
      let slices = 0;
      const firstAsks = () => fresh.slice(perRun * slices, perRun * ++slices).map(relatedBody);

      /**
       * R autocannon runs at `connections`, each sending the bodies `each()` gives it in turn, `amount` of them (else
       * for HTTP_SECONDS); at c=1 the p50 is compared with the service's in process, `serviceP50`.
       */
      const httpRuns = async (label: string, connections: number, serviceP50: number, each: () => string[], amount?: number) => {
        const results: { rps: number; p50: number; p99: number; errors: string; cpu: number; total: number }[] = [];
        for (let r = 0; r < runs; r++) {
          const bodies = each();
          let next = 0;
          const cpuBefore = cpuMs(server.pid);
          const result = await autocannon({
            url,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            connections,
            ...(amount ? { amount } : { duration: HTTP_SECONDS }),
            timeout: 60,
            requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
          });
          results.push({
            rps: result.requests.total / ((result.finish.getTime() - result.start.getTime()) / 1000),
            p50: result.latency.p50,
            p99: result.latency.p99,
            errors: `${result.non2xx} non-2xx, ${result.errors} transport (${result.timeouts} timeouts)`,
            cpu: (cpuMs(server.pid) - cpuBefore) / Math.max(1, result.requests.total),
            total: result.requests.total,
          });
        }
        const p50 = median(results.map((x) => x.p50));
        console.log(
          `relatedPapers, HTTP c=${connections}, ${label}: ${median(results.map((x) => x.rps)).toFixed(1)} requests/s ` +
            `(runs ${results.map((x) => x.rps.toFixed(1)).join(' / ')} of ${results.map((x) => x.total).join(' / ')} requests; ` +
            `server CPU per request ${results.map((x) => x.cpu.toFixed(1)).join(' / ')} ms), p50 ${p50} ms, ` +
            `p99 ${median(results.map((x) => x.p99))} ms, errors per run ${results.map((x) => x.errors).join(' / ')}` +
            (connections === 1 ? ` (p50 ${(p50 / serviceP50).toFixed(2)}× the service's)` : ''),
        );
      };
      for (const connections of [1, 50]) {
        await httpRuns(`first asks (${perRun} distinct papers a run)`, connections, inProcess[0].p50, firstAsks, perRun);
      }
      // Each query paper asked once, untimed, so that every timed request asks again.
      for (const b of related) await post(b);
      for (const connections of [1, 50]) {
        await httpRuns(`asked again (${new Set(ids).size} papers, cycled)`, connections, inProcessP50, () => related);
      }

      // paper(id) from one client, one request after another, until `done` says stop.
      const paperLoop = async (done: () => boolean) => {
        const times: number[] = [];
        for (let i = 0; !done(); i++) {
          const t = performance.now();
          await post(paper[i % paper.length]);
          times.push(performance.now() - t);
        }
        return times.sort((a, b) => a - b);
      };
      const ingestPapers = (round: number, count: number, waitForGraph = false) =>
        post(
          body('mutation ($p: [PaperInput!]!, $w: Boolean) { ingestPapers(papers: $p, waitForGraph: $w) { inserted } }', {
            p: newPapers(sources, count, round, 'live'),
            w: waitForGraph,
          }),
          KEY,
        );
      /** Milliseconds until `corpusGraph` says fresh, polled every 20 ms. */
      const untilFresh = async () => {
        const t = performance.now();
        while (!((await post(body('{ corpusGraph { fresh } }', {}))).corpusGraph as { fresh: boolean }).fresh) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return performance.now() - t;
      };

      /**
       * Waits (a minute at most) until the server has used under a tenth of a core for half a second, so that what an
       * HTTP run left queued is answered before an idle figure is taken.
       */
      const quiet = async () => {
        for (let tries = 0; tries < 120; tries++) {
          const before = cpuMs(server.pid);
          await new Promise((resolve) => setTimeout(resolve, 500));
          if (cpuMs(server.pid) - before < 50) return;
        }
      };
      const idle: number[] = [];
      const busy: number[] = [];
      const mutationSeconds: number[] = [];
      for (let r = 0; r < runs; r++) {
        await quiet();
        const until = performance.now() + IDLE_SECONDS * 1000;
        idle.push(percentile(await paperLoop(() => performance.now() > until), 99));
        let mutating = true;
        const t = performance.now();
        const mutation = ingestPapers(r, MUTATION_PAPERS).finally(() => (mutating = false));
        // Marked handled here (it is awaited after the loop): a failed mutation ends the loop, then surfaces.
        mutation.catch(() => undefined);
        const during = await paperLoop(() => !mutating);
        const answer = await mutation;
        if ((answer.ingestPapers as { inserted: number }).inserted !== MUTATION_PAPERS) throw new Error(`mutation: ${JSON.stringify(answer)}`);
        mutationSeconds.push((performance.now() - t) / 1000);
        busy.push(percentile(during, 99));
      }
      const idleP99 = median(idle);
      const busyP99 = median(busy);
      console.log(
        `paper(id) p99, one client: idle ${ms(idleP99)} ms, during a ${MUTATION_PAPERS}-paper ingestPapers ${ms(busyP99)} ms ` +
          `(${(busyP99 / idleP99).toFixed(1)}× idle); the mutation took ${mutationSeconds.map((s) => s.toFixed(1)).join(' / ')} s`,
      );

      // The graph updates the 500-paper mutations left to the corpus-graph worker end first.
      const settled = await untilFresh();
      console.log(`corpus graph fresh ${(settled / 1000).toFixed(1)} s after the last ${MUTATION_PAPERS}-paper mutation answered`);
      const one: number[] = [];
      const graphFresh: number[] = [];
      const waited: number[] = [];
      for (let r = 0; r < runs; r++) {
        let t = performance.now();
        await ingestPapers(runs + 2 * r, 1);
        one.push(performance.now() - t);
        const seen = await post(body('query ($id: ID!) { paper(id: $id) { id } }', { id: `live:${runs + 2 * r}:0` }));
        if (!seen.paper) throw new Error('the paper just ingested is not found');
        graphFresh.push(performance.now() - t + (await untilFresh()));
        t = performance.now();
        await ingestPapers(runs + 2 * r + 1, 1, true);
        waited.push(performance.now() - t);
      }
      const runsOf = (xs: number[]) => `median ${xs.length} runs ${ms(median(xs))} ms (${xs.map((x) => x.toFixed(0)).join(' / ')} ms)`;
      console.log(`one-paper ingestPapers end to end, answered once stored: ${runsOf(one)}; corpus graph fresh after ${runsOf(graphFresh)}`);
      console.log(`one-paper ingestPapers end to end with waitForGraph (corpus graph updated when it answers): ${runsOf(waited)}`);
      const end = memoryMiB(server.pid);
      console.log(
        `server RSS: ${started.rss.toFixed(0)} MiB after start, ${end.rss.toFixed(0)} MiB at the end, peak ${end.peak.toFixed(0)} MiB; ` +
          `this process (service in process) peak ${memoryMiB(process.pid).peak.toFixed(0)} MiB`,
      );
    } finally {
      const code = await server.stop();
      if (code !== 0) console.error(`litgraph serve exited with ${code}:\n${server.output()}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until the server's related-work worker has prepared every paper for the store's content (src/server/
 * related-worker.ts), so that first asks are answered from prepared entries, and prints how long that took from the
 * server's start, the entries' size, and the server's memory then.
 */
async function preparedReady(db: string, model: string, pid: number, started: number): Promise<void> {
  const store = new SqliteGraphStore(db);
  try {
    const service = new RelatedService(store, model);
    for (;;) {
      const stamp = (await service.preparedStamp())!;
      const { prepared, missing } = await store.relatedPreparedState(stamp.stamp, 1);
      if (!missing.length) {
        const seconds = (performance.now() - started) / 1000;
        const raw = new Database(db, { readonly: true });
        const bytes = raw.prepare(`SELECT sum(length(data)) FROM related_prepared`).pluck().get() as number;
        raw.close();
        const memory = memoryMiB(pid);
        console.log(
          `prepared related work: ${prepared} papers ready ${seconds.toFixed(1)} s after the server started (its worker thread), ` +
            `entries ${(bytes / 2 ** 20).toFixed(1)} MiB (${(bytes / prepared / 1024).toFixed(1)} KiB a paper); server RSS then ` +
            `${memory.rss.toFixed(0)} MiB, peak ${memory.peak.toFixed(0)} MiB`,
        );
        return;
      }
      if (performance.now() - started > 3_600_000) throw new Error(`related work not prepared within an hour (${prepared} papers ready)`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
