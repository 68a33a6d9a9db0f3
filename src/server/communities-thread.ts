import type { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import { workerFile } from '../paths';
import { startBackgroundWorker } from './graph-thread';
import { closeWorker } from './ingest-thread';

/**
 * The worker's report after each refresh it ran (ingest/communities.ts, CommunitiesRefresh), or why it failed;
 * `covers`: how many requests the worker had received when the refresh started (it answers them all).
 */
export type CommunitiesWorkerReport =
  | { kind: 'refreshed'; seconds: number; generation: number; written: boolean; fresh: boolean; changed: number; covers: number }
  | { kind: 'failed'; error: string; covers: number };

/** What this server's communities worker says of itself (the stored stamp says the rest: GraphStore.communitiesState). */
export interface CommunitiesThreadState {
  /** A refresh is running or asked for. */
  updating: boolean;
  /** How long this server's last finished refresh took, in seconds; null before its first. */
  lastSeconds: number | null;
  /** Why its last refresh failed (or its worker stopped); null once one succeeds. */
  lastError: string | null;
}

const WORKER_FILE = workerFile(__dirname, 'communities-worker.js');

/**
 * The server's side of the communities worker (src/server/communities-worker.ts): started on the first refresh,
 * asked for after every corpus-graph update that wrote the graph (and at the start when the stored communities are
 * behind the stored graph), kept for the next ones, closed with the server. Louvain over every co-occurrence (49-163 s
 * at 100,000 papers) runs there, apart from the corpus-graph worker, so it never delays the next update.
 */
export class CommunitiesThread {
  private worker: Worker | null = null;
  private asked = 0;
  private covered = 0;
  private lastSeconds: number | null = null;
  private lastError: string | null = null;

  constructor(private readonly config: Config) {}

  /** Asks for a refresh: the worker starts one now, or one more right after the one it is running. */
  refresh(): void {
    this.start().postMessage('refresh');
    this.asked++;
  }

  state(): CommunitiesThreadState {
    return { updating: this.covered < this.asked, lastSeconds: this.lastSeconds, lastError: this.lastError };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await closeWorker(worker);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startBackgroundWorker(WORKER_FILE, this.config, 'communities', (reason, err) => {
      if (this.worker !== worker) return;
      process.stderr.write(`litgraph: the communities worker stopped: ${err.message}\n`);
      this.lastError = reason;
      this.worker = null;
      this.asked = this.covered = 0;
    });
    worker.on('message', (report: CommunitiesWorkerReport) => {
      this.covered = report.covers;
      if (report.kind === 'refreshed') {
        this.lastError = null;
        this.lastSeconds = report.seconds;
      } else {
        process.stderr.write(`litgraph: the communities refresh failed: ${report.error}\n`);
        this.lastError = `the communities refresh failed: ${report.error.split('\n')[0]}`;
      }
    });
    this.worker = worker;
    return worker;
  }
}
