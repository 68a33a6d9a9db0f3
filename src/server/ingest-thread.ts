import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { RawPaper } from '../../ingest/sources';
import type { Config } from '../config';
import { workerFile } from '../paths';
import type { ApiIngestReport } from '../services/ingest';
import type { ModelStatus } from '../services/model';
import type { RemoveReport } from '../services/remove';

/** What the worker starts with: the configuration and the id of the model the server embeds with (null: none). */
export interface WorkerData {
  config: Config;
  model: string | null;
}

/** One mutation sent to the worker: an `ingestPapers` or a `removePapers` call. */
export type WorkerJob = { id: number; kind: 'ingest'; records: RawPaper[] } | { id: number; kind: 'remove'; ids: string[] };

type WorkerReport = ApiIngestReport | RemoveReport;

/** The worker's answer to a job: the report, or the error (with its stack, for the server log only). */
export type WorkerOutcome = { id: number; report: WorkerReport } | { id: number; error: string };

/**
 * The compiled worker: next to this file when it runs compiled, else (ts-jest runs the sources) in dist/, which
 * `npm test` builds first. A worker thread runs JavaScript only.
 */
const WORKER_FILE = workerFile(__dirname, 'ingest-worker.js');

/** Time a worker gets to finish and close its store after the server stops, before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

/** Asks a worker thread to close ('close' message) and resolves once it exited, terminated after CLOSE_GRACE_MS. */
export async function closeWorker(worker: Worker): Promise<void> {
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.postMessage('close');
  const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * The server's side of the ingest worker (src/server/ingest-worker.ts): started on the first mutation
 * (`ingestPapers`, `removePapers`), kept for the next ones, closed with the server. Should the worker die, the calls
 * in flight fail and the next call starts a new one.
 */
export class IngestThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (r: WorkerReport) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  /** `model`: the server's model; the worker embeds with that same model (the bundled one too), or with none. */
  constructor(
    private readonly config: Config,
    private readonly model: ModelStatus,
  ) {}

  run(records: RawPaper[]): Promise<ApiIngestReport> {
    return this.call({ id: this.nextId++, kind: 'ingest', records });
  }

  /** Removes papers, in the worker (the corpus graph is left for the corpus-graph worker). */
  remove(ids: string[]): Promise<RemoveReport> {
    return this.call({ id: this.nextId++, kind: 'remove', ids });
  }

  /** Sends a job; its answer is the report of the job's kind. */
  private call<Report extends WorkerReport>(job: WorkerJob): Promise<Report> {
    const worker = this.start();
    return new Promise<Report>((resolve, reject) => {
      this.pending.set(job.id, { resolve: resolve as (r: WorkerReport) => void, reject });
      worker.postMessage(job);
    });
  }

  /** Lets the job in flight finish (the server stops only once its requests are answered), then closes the store. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await closeWorker(worker);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    if (!fs.existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is missing: run \`npm run build\``);
    const worker = new Worker(WORKER_FILE, {
      workerData: { config: this.config, model: this.model.loaded ? this.model.model : null } satisfies WorkerData,
    });
    worker.on('message', (outcome: WorkerOutcome) => {
      const job = this.pending.get(outcome.id);
      this.pending.delete(outcome.id);
      if ('report' in outcome) job?.resolve(outcome.report);
      else job?.reject(new Error(`ingest worker: ${outcome.error}`));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const job of this.pending.values()) job.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the ingest worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
