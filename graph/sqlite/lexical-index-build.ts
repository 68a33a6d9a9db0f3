/**
 * The worker thread that reads the lexical index's snapshot (lexical-snapshot.ts) off the event loop, on its own
 * read-only connection to the store's file, and hands its arrays to the store's thread without copying them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { readSnapshot } from './lexical-snapshot';

const db = new Database(workerData as string, { readonly: true, fileMustExist: true });
try {
  const snapshot = readSnapshot(db);
  const buffers = snapshot
    ? [snapshot.docs, snapshot.termStart, snapshot.postingDocs, snapshot.postingCounts].map((a) => a.buffer as ArrayBuffer)
    : [];
  parentPort!.postMessage(snapshot, buffers);
} finally {
  db.close();
}
