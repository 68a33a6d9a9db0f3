/**
 * The corpus-graph worker thread (started by CorpusGraphThread, src/server/graph-thread.ts): brings the store's
 * corpus graph up to date in the background, with its own store connection and its own in-memory corpus model
 * (ingest/corpus.ts), one update at a time. A refresh asked for while an update runs is coalesced into one more
 * update after it, which takes in every paper written meanwhile. Off the server's event loop and off the ingest
 * worker's, so neither a query nor a mutation waits for the global steps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../graph';
import { updateCorpusGraph } from '../../ingest/corpus';
import type { GraphWorkerData, GraphWorkerReport } from './graph-thread';

async function main(): Promise<void> {
  const port = parentPort!;
  const { config, lockWaitMs } = workerData as GraphWorkerData;
  const opening = openStore(config, { lockWaitMs });
  // A store that failed to open fails every update with that reason.
  opening.catch(() => undefined);
  const closing = new AbortController();
  let wanted = false;
  /** Refreshes received: an update covers every one received before it started. */
  let received = 0;
  let running: Promise<void> | null = null;
  const report = (message: GraphWorkerReport) => port.postMessage(message);

  const run = async () => {
    while (wanted && !closing.signal.aborted) {
      wanted = false;
      const covers = received;
      try {
        const store = await opening;
        const before = await store.corpusState();
        // Nothing written since the stored graph: nothing to do (an unchanged re-ingest writes no papers).
        const update =
          before.corpusGeneration < before.papersGeneration
            ? await updateCorpusGraph(store, undefined, closing.signal)
            : { seconds: 0, written: false };
        if (!closing.signal.aborted) report({ kind: 'updated', ...update, state: await store.corpusState(), covers });
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
    // Stops the update in hand at its next step, unwritten: the graph stays marked out of date for the next process.
    closing.abort();
    void (async () => {
      await running;
      await (await opening.catch(() => null))?.close();
      port.close();
    })();
  });
}

void main();
