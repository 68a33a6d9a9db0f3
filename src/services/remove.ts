import type { GraphStore, RemovedPapers } from '../../graph/store';
import { finishCorpusGraph } from '../../ingest/corpus';

/** What a removal reports: what the store removed (RemovedPapers) and the corpus-graph update after it. */
export interface RemoveReport extends RemovedPapers {
  /** Seconds spent bringing the corpus graph up to date after the removal; 0 when it was up to date or left. */
  corpusSeconds: number;
}

/**
 * Removes papers (GraphStore.removePapers: ids or identifier aliases, unknown ones reported, never an error), then
 * brings the corpus graph up to date, as an ingest does after its writes: `litgraph remove` answers once the graph no
 * longer holds what the papers contributed. With `finishGraph: false` (the server's ingest worker) the graph is left
 * marked out of date, for the server's corpus-graph worker to finish in the background.
 */
export async function removePapers(store: GraphStore, ids: string[], options: { finishGraph?: boolean } = {}): Promise<RemoveReport> {
  const removed = await store.removePapers(ids);
  const corpus = (options.finishGraph ?? true) ? await finishCorpusGraph(store) : null;
  return { ...removed, corpusSeconds: corpus?.seconds ?? 0 };
}
