/**
 * The corpus-graph worker thread (started by CorpusGraphThread, src/server/graph-thread.ts): brings the store's
 * corpus graph up to date in the background, with its own store connection and its own in-memory corpus model
 * (ingest/corpus.ts), one update at a time (src/server/refreshes.ts). A refresh asked for while an update runs is
 * coalesced into one more update after it, which takes in every paper written meanwhile. Off the server's event loop
 * and off the ingest worker's, so neither a query nor a mutation waits for the global steps.
 */
import { updateCorpusGraph } from '../../ingest/corpus';
import type { GraphWorkerReport } from './graph-thread';
import { serveRefreshes } from './refreshes';

serveRefreshes<GraphWorkerReport>(async (store, signal) => {
  const before = await store.corpusState();
  // Nothing written since the stored graph: nothing to do (an unchanged re-ingest writes no papers).
  const update =
    before.corpusGeneration < before.papersGeneration ? await updateCorpusGraph(store, undefined, signal) : { seconds: 0, written: false };
  // Closing stops the update in hand at its next step, unwritten: the graph stays marked out of date for the next process.
  return signal.aborted ? null : { kind: 'updated', ...update, state: await store.corpusState() };
});
