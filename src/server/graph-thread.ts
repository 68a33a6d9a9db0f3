import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { GraphStore } from '../../graph/store';
import type { Config } from '../config';
import type { CorpusGraphState } from '../graphql/context';
import { workerFile } from '../paths';
import { closeWorker } from './ingest-thread';

/** What the corpus-graph worker starts with. */
export interface GraphWorkerData {
  config: Config;
  /** How long its graph writes wait for the ingest worker's paper writes (and the other way round). */
  lockWaitMs: number;
}

/**
 * The worker's report after each update it ran: what the update did and the store's generations after it, or why
 * it failed; `covers`: how many refreshes the worker had received when the update started (it took them all in).
 */
export type GraphWorkerReport =
  | { kind: 'updated'; seconds: number; written: boolean; state: { papersGeneration: number; corpusGeneration: number }; covers: number }
  | { kind: 'failed'; error: string; covers: number };

/** Writes of the ingest and corpus-graph workers wait this long for each other's (a graph write at 100,000 papers takes seconds). */
export const WORKER_LOCK_WAIT_MS = 600_000;

/** As src/server/ingest-thread.ts: the compiled worker, next to this file or in dist/. */
const WORKER_FILE = workerFile(__dirname, 'graph-worker.js');

/**
 * The worker's heap limit unless configured (LITGRAPH_GRAPH_WORKER_HEAP_MB): half the machine's memory, at least
 * 4 GiB. The corpus model of 100,000 papers holds about 3 GiB and an update needs more beside it, past the default
 * limit (about 4 GiB), which made the whole server abort. With a limit set, a worker that still runs out is stopped
 * alone (ERR_WORKER_OUT_OF_MEMORY): the server keeps serving, the graph stays marked out of date, and the next
 * refresh starts a new worker.
 */
export const DEFAULT_HEAP_LIMIT_MB = Math.max(4096, Math.floor(os.totalmem() / 2 ** 20 / 2));

/**
 * Starts one of the server's background workers (the corpus-graph and communities workers) from its compiled `file`:
 * its store connection waits WORKER_LOCK_WAIT_MS for the other workers' writes, and its heap is limited to
 * LITGRAPH_GRAPH_WORKER_HEAP_MB (default DEFAULT_HEAP_LIMIT_MB). `stopped` hears why it stopped (an error, or its
 * exit), said for a person: running out of memory names the setting.
 */
export function startBackgroundWorker(file: string, config: Config, name: string, stopped: (reason: string, err: Error) => void): Worker {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\``);
  const heapLimitMb = config.graphWorkerHeapMb ?? DEFAULT_HEAP_LIMIT_MB;
  const worker = new Worker(file, {
    workerData: { config, lockWaitMs: WORKER_LOCK_WAIT_MS } satisfies GraphWorkerData,
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
    // Node's default, named: a test's process.env (jest gives each test file its own) reaches the worker too.
    env: process.env,
  });
  const stop = (err: Error) =>
    stopped(
      (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `the ${name} worker ran out of memory (heap limit ${heapLimitMb} MiB, LITGRAPH_GRAPH_WORKER_HEAP_MB)`
        : `the ${name} worker stopped: ${err.message}`,
      err,
    );
  worker.on('error', stop);
  worker.on('exit', (code) => stop(new Error(`the ${name} worker exited (code ${code})`)));
  return worker;
}

/**
 * The server's side of the corpus-graph worker (src/server/graph-worker.ts): started on the first refresh (after the
 * first mutation that wrote papers), kept for the next ones, closed with the server. Tells how fresh the corpus graph
 * is, and lets a caller wait until it holds a given papers generation.
 */
export class CorpusGraphThread {
  private worker: Worker | null = null;
  /** Refreshes asked for, and how many of them the worker's last finished update took in. */
  private asked = 0;
  private covered = 0;
  private last: { at: string; seconds: number } | null = null;
  /** Why the last update failed (its error, or its worker stopping); null once one succeeds. */
  private lastError: string | null = null;
  private waiters: { generation: number; resolve: () => void; reject: (err: Error) => void }[] = [];

  /**
   * `store`: the server's own connection, read for the generations. `written`: called after each update that wrote
   * the graph, before the waiters for it are answered (the server asks for a communities refresh there).
   */
  constructor(
    private readonly config: Config,
    private readonly store: GraphStore,
    private readonly written: () => void = () => undefined,
  ) {}

  /** Asks for an update: the worker starts one now, or one more right after the update it is running. */
  refresh(): void {
    this.start().postMessage('refresh');
    this.asked++;
  }

  /**
   * Resolves once the stored corpus graph is built from papers generation `generation` or a later one; rejects when
   * an update fails or the worker stops first. Call after `refresh` for papers just written.
   */
  async waitFor(generation: number): Promise<void> {
    const waited = new Promise<void>((resolve, reject) => this.waiters.push({ generation, resolve, reject }));
    // Registered before the state is read, so an update finishing meanwhile is not missed.
    if ((await this.store.corpusState()).corpusGeneration >= generation) this.settle(generation);
    return waited;
  }

  async state(): Promise<Omit<CorpusGraphState, `communities${string}` | 'lastCommunitiesSeconds'>> {
    const { papersGeneration, corpusGeneration } = await this.store.corpusState();
    const fresh = corpusGeneration >= papersGeneration;
    return {
      papersGeneration,
      graphGeneration: corpusGeneration,
      fresh,
      updating: !fresh && this.covered < this.asked,
      updatedAt: this.last?.at ?? null,
      lastUpdateSeconds: this.last?.seconds ?? null,
      lastError: this.lastError,
    };
  }

  /** Stops the update in hand at its next step (unwritten: the next process finishes it) and closes the worker. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await closeWorker(worker);
  }

  /** Resolves the waiters for `generation` or an earlier one. */
  private settle(generation: number): void {
    const done = this.waiters.filter((w) => w.generation <= generation);
    this.waiters = this.waiters.filter((w) => w.generation > generation);
    for (const w of done) w.resolve();
  }

  private fail(err: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startBackgroundWorker(WORKER_FILE, this.config, 'corpus-graph', (reason, err) => {
      if (this.worker === worker) {
        process.stderr.write(`litgraph: the corpus-graph worker stopped: ${err.message}\n`);
        this.lastError = reason;
        this.worker = null;
        // A new worker counts its refreshes from 0.
        this.asked = this.covered = 0;
      }
      this.fail(err);
    });
    worker.on('message', (report: GraphWorkerReport) => {
      this.covered = report.covers;
      if (report.kind === 'updated') {
        this.lastError = null;
        if (report.written) {
          this.last = { at: new Date().toISOString(), seconds: report.seconds };
          this.written();
        }
        this.settle(report.state.corpusGeneration);
      } else {
        process.stderr.write(`litgraph: the corpus-graph update failed: ${report.error}\n`);
        this.lastError = `the corpus-graph update failed: ${report.error.split('\n')[0]}`;
        this.fail(new Error(this.lastError));
      }
    });
    this.worker = worker;
    return worker;
  }
}
