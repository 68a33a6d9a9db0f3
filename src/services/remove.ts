import type { GraphStore, RemovedPapers } from '../../graph/store';
import { finishCorpusGraph } from '../../ingest/corpus';

/** What a removal reports: what the store removed (RemovedPapers) and the corpus-graph update after it. */
export interface RemoveReport extends RemovedPapers {
  /** Seconds spent bringing the corpus graph up to date after the removal; 0 when it was up to date. */
  corpusSeconds: number;
}

/**
 * Removes papers (GraphStore.removePapers: ids or identifier aliases, unknown ones reported, never an error), then
 * brings the corpus graph up to date, as an ingest does after its writes: the `removePapers` mutation (in the ingest
 * worker) and `litgraph remove` both answer once the graph no longer holds what the papers contributed.
 */
export async function removePapers(store: GraphStore, ids: string[]): Promise<RemoveReport> {
  const removed = await store.removePapers(ids);
  const corpus = await finishCorpusGraph(store);
  return { ...removed, corpusSeconds: corpus?.seconds ?? 0 };
}
