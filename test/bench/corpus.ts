/**
 * npm run bench:corpus [-- --store FILE] [-- --runs R]: what updating the corpus graph costs after a one-paper
 * change, step by step, printed as figures.
 *
 * Works on a copy of a store: FILE (e.g. the synthetic store `npm run bench:live -- --papers 100000` caches in the
 * temp folder), else the cached ml-papers store (test/eval/ml-store.ts). Then, in one process:
 *   the first update after a one-paper write: what a process that starts on the store pays (it reads every paper's
 *     knowledge once);
 *   R updates after one new paper each, and R after an edited abstract each: what a running server pays per write;
 *   after each update after a new paper, the communities refresh the server's communities worker runs in the
 *     background (ingest/communities.ts: read the stored co-occurrences, Louvain, write the concepts that moved),
 *     and the first refresh before them (on a store written before communities were numbered by smallest member,
 *     it renumbers every concept).
 * Each line gives the update's total and its steps (ingest/corpus.ts names them), medians over the runs; and the
 * heap the in-memory corpus model holds (heap used after a full collection, before the first update and after it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { refreshCommunities } from '../../ingest/communities';
import { updateCorpusGraph, type StepTimings } from '../../ingest/corpus';
import { extractPaper } from '../../ingest/extract';
import { linksOf } from '../../ingest/identity';
import { contentHash, normalize, textHash } from '../../ingest/normalize';
import { KNOWLEDGE_VERSION } from '../../ingest/pipeline';
import { ML_PAPERS, mlPapersStoreFile } from '../eval/ml-store';
import { copyStore, median, newPapers, type CorpusRecord } from './stats';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

/** One paper written as the pipeline writes it (knowledge extracted, links), without a vector. */
async function writePaper(store: SqliteGraphStore, raw: { id: string; title: string; abstract: string; year?: number }): Promise<void> {
  const normalized = normalize(raw);
  if (!normalized.ok) throw new Error(`${raw.id}: ${normalized.reason}`);
  const draft = normalized.draft;
  await store.writePapers([
    {
      paper: { ...draft, contentHash: contentHash(draft), textHash: textHash(draft) },
      vector: null,
      knowledge: { version: KNOWLEDGE_VERSION, extraction: extractPaper(draft) },
      links: linksOf(draft),
    },
  ]);
}

const format = (timings: StepTimings[]) => {
  const names = [...new Set(timings.flatMap((t) => [...t.keys()]))];
  const total = median(timings.map((t) => [...t.values()].reduce((a, b) => a + b, 0)));
  const steps = names.map((n) => `${n} ${median(timings.map((t) => t.get(n) ?? 0)).toFixed(0)}`);
  return `${total.toFixed(0)} ms (${steps.join(', ')})`;
};

async function main(): Promise<void> {
  const runs = Number(option('runs') ?? 3);
  const source = option('store') ?? (await mlPapersStoreFile()).file;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-bench-corpus-'));
  try {
    const file = path.join(dir, 'store.db');
    copyStore(source, file);
    const store = new SqliteGraphStore(file);
    const stats = await store.stats();
    console.log(`${source}: ${stats.papers} papers, ${stats.concepts} concepts, ${stats.methods} methods, ${os.cpus().length} cores, node ${process.version}`);
    const records = fs
      .readFileSync(ML_PAPERS, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as CorpusRecord);
    const fresh = newPapers(records, runs + 1, 0, 'bench-corpus');

    const update = async () => {
      const timings: StepTimings = new Map();
      const { written } = await updateCorpusGraph(store, timings);
      if (!written) throw new Error('the corpus graph was not written');
      return timings;
    };
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heapMiB = () => {
      gc();
      return process.memoryUsage().heapUsed / 2 ** 20;
    };
    await writePaper(store, fresh[0]);
    const heapBefore = heapMiB();
    console.log(`first update in this process, after one new paper: ${format([await update()])}`);
    const heapAfter = heapMiB();
    console.log(
      `corpus model in memory: heap used ${heapBefore.toFixed(0)} MiB before the first update, ${heapAfter.toFixed(0)} MiB ` +
        `after (+${(heapAfter - heapBefore).toFixed(0)} MiB); process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );
    const refresh = async () => {
      const done = await refreshCommunities(store);
      if (!done.written || !done.fresh) throw new Error('the communities were not written from the stored graph');
      return done;
    };
    const first = await refresh();
    console.log(`first communities refresh: ${(first.seconds * 1000).toFixed(0)} ms, ${first.changed} concepts changed`);
    const added: StepTimings[] = [];
    const refreshes: Awaited<ReturnType<typeof refresh>>[] = [];
    for (const paper of fresh.slice(1)) {
      await writePaper(store, paper);
      added.push(await update());
      refreshes.push(await refresh());
    }
    console.log(`update after one new paper, median of ${runs}: ${format(added)}`);
    console.log(
      `communities refresh after it, in the background, median of ${runs}: ${median(refreshes.map((r) => r.seconds * 1000)).toFixed(0)} ms ` +
        `(concepts changed: ${refreshes.map((r) => r.changed).join(', ')})`,
    );
    const edited: StepTimings[] = [];
    for (const [i, paper] of fresh.slice(1).entries()) {
      await writePaper(store, { ...paper, abstract: records[(i * 97 + 13) % records.length].abstract });
      edited.push(await update());
    }
    console.log(`update after one edited abstract, median of ${runs}: ${format(edited)}`);
    await store.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
