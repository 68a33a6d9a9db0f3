/**
 * The ingest worker thread (started by IngestThread): runs `ingestPapers` and `removePapers` calls off the server's
 * event loop, with its own store connection and its own copy of the model, one call at a time. Embedding,
 * extraction and removal happen here; the corpus graph is left marked out of date, for the corpus-graph worker
 * (src/server/graph-worker.ts) to update. The server sees the writes through the store (graph/sqlite notices other
 * connections' commits by `PRAGMA data_version`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../graph';
import { ingestRecords } from '../services/ingest';
import { removePapers } from '../services/remove';
import { BUNDLED_MODEL, BUNDLED_MODEL_DIR, loadEmbedder } from '../../ingest/embed';
import { WORKER_LOCK_WAIT_MS } from './graph-thread';
import type { WorkerData, WorkerJob, WorkerOutcome } from './ingest-thread';

async function main(): Promise<void> {
  const port = parentPort!;
  const { config, model } = workerData as WorkerData;
  const opening = (async () => {
    // Its paper writes wait for the corpus-graph worker's graph writes, and the other way round.
    const store = await openStore(config, { lockWaitMs: WORKER_LOCK_WAIT_MS });
    // The server's model, never another: the configured one, the bundled one standing in for it, or none.
    const embedding =
      model === BUNDLED_MODEL && config.embedding.model !== BUNDLED_MODEL
        ? { ...config.embedding, model: BUNDLED_MODEL, modelDir: BUNDLED_MODEL_DIR }
        : config.embedding;
    return { store, embedder: model === null ? null : await loadEmbedder(embedding) };
  })();
  // Failures are answered to the caller; a store that failed to open fails every job with that reason.
  opening.catch(() => undefined);
  let queue = Promise.resolve();
  port.on('message', (message: WorkerJob | 'close') => {
    queue = queue.then(async () => {
      if (message === 'close') {
        await (await opening.catch(() => null))?.store.close();
        port.close();
        return;
      }
      let outcome: WorkerOutcome;
      try {
        const { store, embedder } = await opening;
        const report =
          message.kind === 'ingest'
            ? await ingestRecords(message.records, store, { embedder, batchSize: config.batchSize, finishGraph: false })
            : await removePapers(store, message.ids, { finishGraph: false });
        outcome = { id: message.id, report };
      } catch (err) {
        outcome = { id: message.id, error: (err as Error)?.stack ?? String(err) };
      }
      port.postMessage(outcome);
    });
  });
}

void main();
