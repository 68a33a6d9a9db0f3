import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import { workerFile } from '../paths';
import { closeWorker } from './ingest-thread';
import { WORKER_LOCK_WAIT_MS } from './graph-thread';

/** What the related-work worker starts with: `model`, the one whose vectors the server's related work compares. */
export interface RelatedWorkerData {
  config: Config;
  model: string;
  lockWaitMs: number;
}

/** The worker's one report: why it stopped preparing (how far it got is in the store: relatedPreparedState). */
export interface RelatedWorkerReport {
  kind: 'failed';
  error: string;
}

const WORKER_FILE = workerFile(__dirname, 'related-worker.js');

/**
 * The server's side of the related-work worker (src/server/related-worker.ts): started with the server, closed with
 * it. Without it (no compiled worker, or it failed) related work is answered as before, live.
 */
export class RelatedPrepareThread {
  private worker: Worker | null = null;

  constructor(config: Config, model: string) {
    if (config.prepareRelatedMaxPapers === 0) return;
    if (!fs.existsSync(WORKER_FILE)) {
      process.stderr.write(`litgraph: ${WORKER_FILE} is missing (run \`npm run build\`): related work is not prepared ahead\n`);
      return;
    }
    const worker = new Worker(WORKER_FILE, {
      workerData: { config, model, lockWaitMs: WORKER_LOCK_WAIT_MS } satisfies RelatedWorkerData,
    });
    worker.on('message', (report: RelatedWorkerReport) => {
      process.stderr.write(`litgraph: preparing related work failed: ${report.error}\n`);
    });
    worker.on('error', (err) => process.stderr.write(`litgraph: the related-work worker stopped: ${err.message}\n`));
    this.worker = worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await closeWorker(worker);
  }
}
