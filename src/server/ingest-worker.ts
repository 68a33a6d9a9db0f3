/**
 * The ingest worker thread (started by IngestThread): runs `ingestPapers` calls off the server's event loop, with
 * its own store connection and its own copy of the model, one call at a time. Embedding, extraction and the
 * corpus-graph update all happen here; the server sees the writes through the store (graph/sqlite notices other
 * connections' commits by `PRAGMA data_version`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../graph';
import type { Config } from '../config';
import { ingestRecords } from '../services/ingest';
import { loadModel } from '../services/model';
import type { IngestJob, IngestOutcome } from './ingest-thread';

async function main(): Promise<void> {
  const port = parentPort!;
  const { config } = workerData as { config: Config };
  const opening = (async () => {
    const store = await openStore(config);
    const model = await loadModel(config.embedding);
    return { store, embedder: model.loaded ? model.embedder : null };
  })();
  // Failures are answered to the caller; a store that failed to open fails every job with that reason.
  opening.catch(() => undefined);
  let queue = Promise.resolve();
  port.on('message', (message: IngestJob | 'close') => {
    queue = queue.then(async () => {
      if (message === 'close') {
        await (await opening.catch(() => null))?.store.close();
        port.close();
        return;
      }
      let outcome: IngestOutcome;
      try {
        const { store, embedder } = await opening;
        const report = await ingestRecords(message.records, store, { embedder, batchSize: config.embedding.batchSize });
        outcome = { id: message.id, report };
      } catch (err) {
        outcome = { id: message.id, error: (err as Error)?.stack ?? String(err) };
      }
      port.postMessage(outcome);
    });
  });
}

void main();
