/**
 * The communities worker thread (started by CommunitiesThread, src/server/communities-thread.ts): refreshes the
 * concepts' communities from the stored corpus graph (ingest/communities.ts), with its own store connection, one
 * refresh at a time. Requests that arrive while one runs are coalesced into one more refresh after it: at most one
 * runs and one waits, and the one that waits reads the newest graph.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../graph';
import { refreshCommunities } from '../../ingest/communities';
import type { CommunitiesWorkerReport } from './communities-thread';
import type { GraphWorkerData } from './graph-thread';

async function main(): Promise<void> {
  const port = parentPort!;
  const { config, lockWaitMs } = workerData as GraphWorkerData;
  const opening = openStore(config, { lockWaitMs });
  opening.catch(() => undefined);
  let closed = false;
  let wanted = false;
  let received = 0;
  let running: Promise<void> | null = null;
  const report = (message: CommunitiesWorkerReport) => port.postMessage(message);

  const run = async () => {
    while (wanted && !closed) {
      wanted = false;
      const covers = received;
      try {
        report({ kind: 'refreshed', ...(await refreshCommunities(await opening)), covers });
      } catch (err) {
        report({ kind: 'failed', error: (err as Error)?.stack ?? String(err), covers });
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
    // A refresh in hand finishes (its write is one transaction) unless the grace period ends first.
    closed = true;
    void (async () => {
      await running;
      await (await opening.catch(() => null))?.close();
      port.close();
    })();
  });
}

void main();
