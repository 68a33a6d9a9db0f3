/**
 * npm run bench:related [-- --profile]: latency of related work (RelatedService.related, first 10, default weights) on the embedded
 * store, as p50/p99 over seeded random query papers, printed as figures:
 *
 *   3,451 papers   ../shared/data/ml-papers/papers.jsonl through the real pipeline (cached, test/eval/ml-store.ts),
 *                  at the service and over HTTP (relatedPapers through a real server)
 *   100,000 papers a synthetic corpus made reproducibly with a seeded PRNG and written straight through the store
 *                  port: papers in 500 topics, each with a vector near its topic's centroid, words and ~10 concept
 *                  mentions drawn mostly from its topic, 1 to 3 methods, some lineage; no text is embedded
 *
 * "First ask": query papers not asked before in this process (nothing kept for them; the store's caches hold what
 * earlier queries read). "Asked again": the same papers once more, answered from the candidates the service keeps
 * until the store changes. Each set of query papers is distinct from the others. Below 10,000 vectors the store's
 * vector search is exact; at 100,000 it is the HNSW index (built first, timed), with its recall against the exact
 * scan printed. With --profile, only where a first ask spends its time (each step of the service, each store method)
 * at both sizes.
 *
 * Prepared related work (issue #12, src/services/related-prepared.ts), at 3,451 papers on a copy of the cached store:
 * every paper's default query prepared in this process (timed, with the entries' size), then first asks of papers
 * not asked before, answered from their entries, at the service and over HTTP. --no-large skips the 100,000 papers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { quoted } from '../../graph/base';
import { SCHEMA_KEY } from '../../graph/sqlite/migrations';
import { queryWords } from '../../graph/query-words';
import { ftsSearch, SqliteGraphStore } from '../../graph/sqlite/store';
import type { CorpusGraph, GraphStore, PaperWrite } from '../../graph/store';
import { startServer } from '../../src/server/app';
import type { ConceptNode, MethodNode, Paper } from '../../src/domain';
import { RelatedService, SIGNALS } from '../../src/services/related';
import { decodePrepared } from '../../src/services/related-prepared';
import { mlPapersStoreFile, prng } from '../eval/ml-store';
import { cosine } from '../../graph/vectors';
import { copyStore, gaussian, latencies, percentile } from './stats';

const QUERIES = 200;
const WARMUP = 10;
const SEED = 7;

/** p50/p99 of `run` over the query papers, after a warm-up on other papers, printed. */
async function measure(label: string, papers: Paper[], run: (paper: Paper) => Promise<unknown>, warmup: Paper[] = []): Promise<void> {
  for (const p of warmup) await run(p);
  const { p50, p99, count } = await latencies(papers, run, 0);
  console.log(`${label.padEnd(44)} p50 ${p50.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(7)} ms   (${count} queries)`);
}

/** Sets of distinct query papers, drawn by `random` without repeats: sizes as asked. */
async function querySets(store: GraphStore, total: number, random: () => number, sizes: number[]): Promise<Paper[][]> {
  const all = (await store.listPapers({ first: total })).items.map((p) => p.id);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const papers = await store.getPapers(all.slice(0, sizes.reduce((a, b) => a + b, 0)));
  let start = 0;
  return sizes.map((n) => all.slice(start, (start += n)).map((id) => papers.get(id)!));
}

/**
 * `store` with every port method timed: where a query spends its time. The SQLite adapter does its work
 * synchronously when a method is called, so the time until the call returns its promise is that call's own, even when
 * the service awaits several at once.
 */
function timedStore(store: GraphStore): { store: GraphStore; spent: Map<string, { ms: number; calls: number }> } {
  const spent = new Map<string, { ms: number; calls: number }>();
  const timed = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        const t = performance.now();
        const answer = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        const s = spent.get(name) ?? { ms: 0, calls: 0 };
        s.ms += performance.now() - t;
        s.calls++;
        spent.set(name, s);
        return answer;
      };
    },
  });
  return { store: timed, spent };
}

/**
 * Mean time per query in each step of the service (RelatedStep: store reads included) and in each store method,
 * and the rest (the service's own work), over the query papers, first asks, after a warm-up on other papers.
 */
async function breakdown(label: string, store: GraphStore, model: string, papers: Paper[], warmup: Paper[] = []): Promise<void> {
  const untimed = new RelatedService(store, model);
  for (const p of warmup) await untimed.related(p, 10);
  const { store: timed, spent } = timedStore(store);
  const steps = new Map<string, number>();
  const service = new RelatedService(timed, model, null, (step, ms) => steps.set(step, (steps.get(step) ?? 0) + ms));
  const t = performance.now();
  for (const p of papers) await service.related(p, 10);
  const total = (performance.now() - t) / papers.length;
  const mean = (ms: number) => (ms / papers.length).toFixed(2);
  const rows = [...spent].sort((a, b) => b[1].ms - a[1].ms);
  const inStore = rows.reduce((s, [, v]) => s + v.ms, 0) / papers.length;
  const parts = rows.map(([name, v]) => `${name} ${mean(v.ms)} (${(v.calls / papers.length).toFixed(1)}×)`);
  console.log(`${label}: mean ${total.toFixed(2)} ms a query`);
  console.log(`    steps: ${[...steps].map(([step, ms]) => `${step} ${mean(ms)}`).join(', ')}`);
  console.log(`    store ${inStore.toFixed(2)} ms: ${parts.join(', ')}; service ${(total - inStore).toFixed(2)} ms`);
}

const TOPICS = 500;
const WORDS_PER_TOPIC = 40;
const CONCEPTS_PER_TOPIC = 60;
const METHODS = 3000;

/** The synthetic corpus of `n` papers with `dims`-d vectors of `model`, built once and cached in the temp folder. */
async function syntheticStore(n: number, model: string, dims: number): Promise<SqliteGraphStore> {
  const file = path.join(os.tmpdir(), `litgraph-bench-related-${n}-${dims}-${model}-v1-s${SCHEMA_KEY}.db`);
  if (fs.existsSync(file)) return new SqliteGraphStore(file);
  console.error(`building ${file} (once) …`);
  const building = `${file}.${process.pid}.building`;
  const store = new SqliteGraphStore(building);
  const random = prng(SEED);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dor'];
  const word = () => Array.from({ length: 3 }, () => pick(syllables)).join('');
  const centroids = Array.from({ length: TOPICS }, () => Float32Array.from({ length: dims }, () => gaussian(random)));
  const topicWords = Array.from({ length: TOPICS }, () => Array.from({ length: WORDS_PER_TOPIC }, word));
  const commonWords = Array.from({ length: 300 }, word);
  const topicConcepts = Array.from({ length: TOPICS }, (_, t) =>
    Array.from({ length: CONCEPTS_PER_TOPIC }, (_, i) => `concept ${t}-${i}`),
  );
  const methodKeys = Array.from({ length: METHODS }, (_, i) => `method ${i}`);
  const mentions: CorpusGraph['mentions'] = [];
  const roles: CorpusGraph['roles'] = [];
  const batch: PaperWrite[] = [];
  for (let i = 0; i < n; i++) {
    const topic = Math.floor(random() * TOPICS);
    const id = `synthetic:${i}`;
    const text = (k: number) =>
      Array.from({ length: k }, () => (random() < 0.6 ? pick(topicWords[topic]) : pick(commonWords))).join(' ');
    const values = Float32Array.from(centroids[topic], (c) => c + 1.2 * gaussian(random));
    batch.push({
      paper: {
        id,
        title: text(8),
        abstract: `${text(120)}.`,
        authors: [],
        keywords: [],
        year: 2015 + Math.floor(random() * 11),
        contentHash: id,
        textHash: id,
      },
      vector: { model, values },
    });
    const concepts = new Set<string>();
    while (concepts.size < 10) concepts.add(random() < 0.8 ? pick(topicConcepts[topic]) : pick(pick(topicConcepts)));
    [...concepts].forEach((concept, rank) => mentions.push({ paperId: id, concept, weight: 1 - rank / 10 }));
    const methods = new Set<string>();
    const m = 1 + Math.floor(random() * 3);
    while (methods.size < m) methods.add(methodKeys[(topic * 6 + Math.floor(random() * 6)) % METHODS]);
    for (const method of methods) roles.push({ paperId: id, method, role: 'USES', evidence: '' });
    if (batch.length === 1000) await store.writePapers(batch.splice(0));
  }
  if (batch.length) await store.writePapers(batch);
  const paperCount = new Map<string, number>();
  for (const x of mentions) paperCount.set(x.concept, (paperCount.get(x.concept) ?? 0) + 1);
  const concepts: ConceptNode[] = [...paperCount].map(([key, count]) => ({
    key,
    name: key,
    aliases: [key],
    kind: 'concept',
    broad: false,
    paperCount: count,
    community: Number(key.split(' ')[1].split('-')[0]) % 50,
  }));
  const methodCount = new Map<string, number>();
  for (const r of roles) methodCount.set(r.method, (methodCount.get(r.method) ?? 0) + 1);
  const methods: MethodNode[] = [...methodCount].map(([key, count]) => ({ key, name: key, aliases: [key], paperCount: count }));
  const lineage: CorpusGraph['lineage'] = methodKeys.slice(1).flatMap((child, i) =>
    i % 3 === 0
      ? [{ child, parent: methodKeys[i - (i % 6)], relation: 'EXTENDS', evidence: '', confidence: 1, paperId: 'synthetic:0' }]
      : [],
  );
  await store.writeCorpusGraph({
    concepts,
    conceptAliases: [],
    mentions,
    cooccurrences: [],
    broader: [],
    methods,
    methodAliases: [],
    roles,
    lineage,
    filtered: [],
    documents: n,
  }, (await store.corpusState()).papersGeneration);
  await store.close();
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(building + suffix)) fs.renameSync(building + suffix, file + suffix);
  }
  return new SqliteGraphStore(file);
}

async function main(): Promise<void> {
  const profileOnly = process.argv.includes('--profile');
  console.log(`${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; relatedPapers(first: 10), default weights`);
  const cached = await mlPapersStoreFile();
  const { embedder, config } = cached;
  // A copy: prepared related work is written into it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-bench-related-'));
  copyStore(cached.file, path.join(dir, 'ml-papers.db'));
  const store = new SqliteGraphStore(path.join(dir, 'ml-papers.db'));
  const random = prng(SEED);
  try {
    const stats = await store.stats();
    const service = new RelatedService(store, embedder.modelId, embedder);
    const [warmup, papers, profiled, overHttp, lexical, preparedAsks] = await querySets(store, stats.papers, random, [
      WARMUP,
      QUERIES,
      50,
      QUERIES,
      50,
      QUERIES,
    ]);
    // Papers of their own: a full-text search they ask is kept until the store changes, so no first ask may follow it.
    await lexicalSearch(`${stats.papers} papers`, store, lexical);
    if (profileOnly) {
      await breakdown(`${stats.papers} papers, first ask, where the time goes`, store, embedder.modelId, profiled, warmup);
      const large = await syntheticStore(100_000, embedder.modelId, embedder.dimensions);
      try {
        await large.vectorIndexReady(embedder.modelId);
        const [largeWarmup, , largeProfiled, largeLexical] = await querySets(large, (await large.stats()).papers, random, [WARMUP, QUERIES, 50, 50]);
        await lexicalSearch('100000 papers (synthetic)', large, largeLexical);
        await breakdown('100000 papers (synthetic), first ask, where the time goes', large, embedder.modelId, largeProfiled, largeWarmup);
      } finally {
        await large.close();
      }
      return;
    }
    await measure(`${stats.papers} papers, service, first ask`, papers, (p) => service.related(p, 10), warmup);
    await measure(`${stats.papers} papers, service, asked again`, papers, (p) => service.related(p, 10));
    await breakdown('  first ask, where the time goes', store, embedder.modelId, profiled);
    await prepareAll(store, service, stats.papers);
    await measure(`${stats.papers} papers, service, first ask, prepared`, preparedAsks, (p) => new RelatedService(store, embedder.modelId).related(p, 10));
    await breakdown('  first ask, prepared, where the time goes', store, embedder.modelId, profiled);
    const server = await startServer(
      { ...config, server: { ...config.server, apiKey: undefined } },
      store,
      { loaded: true, model: embedder.modelId, embedder },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      const query = `query ($id: ID!) { relatedPapers(paperId: $id, first: 10) {
        score reason paper { id title } sharedConcepts { name } sharedMethods { name } } }`;
      const ask = async (p: Paper) => {
        const res = await fetch(`${server.url}graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables: { id: p.id } }),
        });
        const body = (await res.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      };
      await measure(`${stats.papers} papers, HTTP relatedPapers, first ask (prepared)`, overHttp, ask, warmup);
      await measure(`${stats.papers} papers, HTTP relatedPapers, asked again`, overHttp, ask);
    } finally {
      await server.stop();
    }
    if (process.argv.includes('--no-large')) return;
    const dims = embedder.dimensions;
    const large = await syntheticStore(100_000, embedder.modelId, dims);
    try {
      const largeStats = await large.stats();
      const started = performance.now();
      // A later run reads the index the first one saved beside the store, as a restarted server does.
      const saved = fs.existsSync(`${large.description.replace(/^sqlite:/, '')}.ann`);
      const indexed = await large.vectorIndexReady(embedder.modelId);
      const how = saved ? 'read from the index saved beside the store' : 'built (worker thread) and saved beside the store';
      console.log(`100000 papers: vector index ${indexed ? `${how} in ${((performance.now() - started) / 1000).toFixed(1)} s` : 'not built'}`);
      const largeService = new RelatedService(large, embedder.modelId, embedder);
      const [largeWarmup, largePapers, largeProfiled, largeLexical] = await querySets(large, largeStats.papers, random, [WARMUP, QUERIES, 50, 50]);
      await lexicalSearch(`${largeStats.papers} papers (synthetic)`, large, largeLexical);
      await measure(`${largeStats.papers} papers (synthetic), service, first ask`, largePapers, (p) => largeService.related(p, 10), largeWarmup);
      await measure(`${largeStats.papers} papers (synthetic), service, asked again`, largePapers, (p) => largeService.related(p, 10));
      await breakdown('  first ask, where the time goes', large, embedder.modelId, largeProfiled);
      await vectorSearch(large, embedder.modelId, largePapers.slice(0, 50));
    } finally {
      await large.close();
    }
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every paper's default query prepared in this process, one thread, 64 papers a transaction: the time and the size. */
async function prepareAll(store: SqliteGraphStore, service: RelatedService, papers: number): Promise<void> {
  const stamp = (await service.preparedStamp())!;
  const started = performance.now();
  let kept = 0;
  for (;;) {
    const { missing } = await store.relatedPreparedState(stamp.stamp, 64);
    if (!missing.length) break;
    const entries = new Map<string, Uint8Array>();
    for (const paper of (await store.getPapers(missing)).values()) entries.set(paper.id, await service.prepare(paper));
    for (const bytes of entries.values()) kept += decodePrepared(bytes, SIGNALS.length).ids.length;
    if (!(await store.putRelatedPrepared(entries, stamp.stamp, stamp.contentVersion))) throw new Error('the store changed while preparing');
  }
  const seconds = (performance.now() - started) / 1000;
  const db = new Database(store.description.replace(/^sqlite:/, ''), { readonly: true });
  const bytes = db.prepare(`SELECT sum(length(data)) FROM related_prepared`).pluck().get() as number;
  const pages = db.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name IN ('related_prepared', 'sqlite_autoindex_related_prepared_1')`).pluck().get() as number;
  db.close();
  console.log(
    `prepared related work: ${papers} papers in ${seconds.toFixed(1)} s in one thread (${((seconds / papers) * 1000).toFixed(1)} ms a paper), ` +
      `${(kept / papers).toFixed(0)} candidates kept a paper on average, entries ${(bytes / 2 ** 20).toFixed(1)} MiB ` +
      `(${(bytes / papers / 1024).toFixed(1)} KiB a paper), table and index ${(pages / 2 ** 20).toFixed(1)} MiB on disk`,
  );
}

/**
 * The store's in-memory lexical index (graph/sqlite/lexical-index.ts): its size and the time it took to read (in a
 * worker thread), then searchText as related work asks it (k 201, the first 40 distinct words of a paper) answered
 * from it against FTS5's own query on the same store, with how many answers were identical (ids, order, scores).
 */
async function lexicalSearch(label: string, store: SqliteGraphStore, papers: Paper[]): Promise<void> {
  const stats = await store.lexicalIndexReady();
  if (!stats) {
    console.log(`${label}: lexical index not built, FTS5 answers`);
    return;
  }
  const memory = process.memoryUsage();
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  console.log(
    `${label}: lexical index of ${stats.papers} papers, ${stats.terms} terms, ${stats.postings} postings: ` +
      `read in ${(stats.buildMs / 1000).toFixed(2)} s (worker thread); ${mib(stats.bytes)} MiB of typed arrays ` +
      `(the process then: JS heap ${mib(memory.heapUsed)} MiB, array buffers ${mib(memory.arrayBuffers)} MiB)`,
  );
  const fts = new Database(store.description.replace(/^sqlite:/, ''), { readonly: true });
  const times = { memory: [] as number[], fts: [] as number[] };
  let same = 0;
  try {
    for (const p of papers) {
      const words = queryWords(`${p.title} ${p.abstract}`).slice(0, 40);
      let t = performance.now();
      const hits = await store.searchText(words.join(' '), 201);
      times.memory.push(performance.now() - t);
      t = performance.now();
      const expected = ftsSearch(fts, quoted(words), 201);
      times.fts.push(performance.now() - t);
      if (JSON.stringify(hits) === JSON.stringify(expected)) same++;
    }
  } finally {
    fts.close();
  }
  const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50).toFixed(2);
  console.log(
    `    searchText (k 201, 40 words): from memory p50 ${p50(times.memory)} ms, FTS5 p50 ${p50(times.fts)} ms; ` +
      `identical answers ${same}/${papers.length}`,
  );
}

/** The store's vector search (k 50, as related work asks) against the exact scan: latency of both and recall. */
async function vectorSearch(store: SqliteGraphStore, model: string, papers: Paper[]): Promise<void> {
  const all = await store.vectors(model);
  const vectors = await store.getVectors(model, papers.map((p) => p.id));
  const searched: number[] = [];
  const scanned: number[] = [];
  const recall = { 10: 0, 50: 0 };
  for (const p of papers) {
    const v = vectors.get(p.id)!;
    let t = performance.now();
    const hits = await store.nearestByVector(model, v, 50, [p.id]);
    searched.push(performance.now() - t);
    t = performance.now();
    const exact = all
      .filter((x) => x.id !== p.id)
      .map((x) => ({ id: x.id, score: cosine(v, x.values) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    scanned.push(performance.now() - t);
    for (const k of [10, 50] as const) {
      const truth = new Set(exact.slice(0, k).map((h) => h.id));
      recall[k] += hits.slice(0, k).filter((h) => truth.has(h.id)).length / (k * papers.length);
    }
  }
  const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50).toFixed(2);
  console.log(
    `  vector search (k 50): store p50 ${p50(searched)} ms, recall@10 ${recall[10].toFixed(4)}, recall@50 ${recall[50].toFixed(4)} ` +
      `against an exact scan (p50 ${p50(scanned)} ms, sort included), ${papers.length} queries`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
