import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../graph';
import type { GraphStore } from '../../graph/store';
import type { GraphWorkerData } from './graph-thread';

/** A worker's report without its `covers`, which the loop adds (each member of a union alike). */
type Uncovered<Report> = Report extends unknown ? Omit<Report, 'covers'> : never;

/**
 * The loop of a worker thread that keeps something of the store up to date in the background (graph-worker.ts: the
 * corpus graph; communities-worker.ts: its communities), with its own store connection, one job at a time. `refresh`
 * messages that arrive while a job runs are coalesced into one more job after it: at most one runs and one waits,
 * and the one that waits sees everything written before it starts. Each job's report (null: none) goes to the server
 * with `covers`, how many refreshes had been received when the job started (it answers them all); a job that throws
 * is reported as `failed`. `close` aborts `signal` for the job in hand, waits for it and closes the store.
 */
export function serveRefreshes<Report extends { covers: number }>(
  job: (store: GraphStore, signal: AbortSignal) => Promise<Uncovered<Report> | null>,
): void {
  const port = parentPort!;
  const { config, lockWaitMs } = workerData as GraphWorkerData;
  const opening = openStore(config, { lockWaitMs });
  // A store that failed to open fails every job with that reason.
  opening.catch(() => undefined);
  const closing = new AbortController();
  let wanted = false;
  /** Refreshes received: a job covers every one received before it started. */
  let received = 0;
  let running: Promise<void> | null = null;

  const run = async () => {
    while (wanted && !closing.signal.aborted) {
      wanted = false;
      const covers = received;
      try {
        const report = await job(await opening, closing.signal);
        if (report) port.postMessage({ ...report, covers });
      } catch (err) {
        port.postMessage({ kind: 'failed', error: (err as Error)?.stack ?? String(err), covers });
      }
    }
    running = null;
  };

  port.on('message', (message: 'refresh' | 'close') => {
    if (message === 'refresh') {
      wanted = true;
      received++;
      running ??= run();
      return;
    }
    closing.abort();
    void (async () => {
      await running;
      await (await opening.catch(() => null))?.close();
      port.close();
    })();
  });
}
