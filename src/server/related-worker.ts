/**
 * The related-work worker thread (started by RelatedPrepareThread, src/server/related-thread.ts): keeps every paper's
 * default related-work query prepared (src/services/related-prepared.ts) for the store's current content, with its
 * own store connection, off the server's event loop. While the corpus graph is out of date it waits (the update
 * moves the content version again); then it prepares the papers missing an entry of the current stamp, a batch a
 * transaction. A write meanwhile makes the batch's write fail (entries from older content never land) and the
 * worker starts over on the new content: the newest content wins. It looks for new content every POLL_MS, whoever
 * wrote it (the server's workers, another process). A store of more than LITGRAPH_PREPARE_RELATED_MAX_PAPERS papers
 * is not prepared: every write makes every entry stale, and at 100,000 papers preparing them all takes hours of a core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../graph';
import { RelatedService } from '../services/related';
import type { RelatedWorkerData, RelatedWorkerReport } from './related-thread';

/** How often an idle worker looks at the store's content version. */
const POLL_MS = 500;
/** Papers prepared, then written in one transaction. */
const BATCH = 32;

async function main(): Promise<void> {
  const port = parentPort!;
  const { config, model, lockWaitMs } = workerData as RelatedWorkerData;
  let closed = false;
  let wake: (() => void) | null = null;
  port.on('message', (message: 'close') => {
    if (message !== 'close') return;
    closed = true;
    wake?.();
  });
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const report = (message: RelatedWorkerReport) => port.postMessage(message);

  const store = await openStore(config, { lockWaitMs });
  try {
    const service = new RelatedService(store, model);
    let warm = false;
    while (!closed) {
      const stamp = await service.preparedStamp();
      const { papersGeneration, corpusGeneration } = await store.corpusState();
      // A store past the limit waits (unread: its vectors are not held twice) until removals bring it under.
      const tooMany = (await store.listPapers({ first: 1 })).totalCount > config.prepareRelatedMaxPapers;
      if (!stamp || corpusGeneration < papersGeneration || tooMany) {
        await pause(POLL_MS);
        continue;
      }
      const { missing } = await store.relatedPreparedState(stamp.stamp, BATCH);
      if (!missing.length) {
        await pause(POLL_MS);
        continue;
      }
      if (!warm) await store.warmUp(model);
      warm = true;
      const papers = await store.getPapers(missing);
      const entries = new Map<string, Uint8Array>();
      for (const paper of papers.values()) {
        // A write meanwhile: the batch could not land, so the worker starts over on the new content.
        if (closed || (await store.contentVersion()) !== stamp.contentVersion) break;
        entries.set(paper.id, await service.prepare(paper));
        // Lets a 'close' message in between two papers.
        await new Promise(setImmediate);
      }
      if (!closed) await store.putRelatedPrepared(entries, stamp.stamp, stamp.contentVersion);
    }
  } catch (err) {
    report({ kind: 'failed', error: (err as Error)?.stack ?? String(err) });
  } finally {
    await store.close();
    port.close();
  }
}

void main();
