import type { GraphStore } from '../graph/store';
import type { PaperWrite } from '../graph/store';
import type { PaperDraft } from '../src/domain';
import type { Embedder } from './embed';
import { contentHash, embeddingText, normalize, textHash } from './normalize';
import type { SourceItem } from './sources';

export interface Rejection {
  source: string;
  line: number;
  reason: string;
}

export interface IngestReport {
  source: string;
  /** Records read, accepted or not. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Unchanged papers whose vector was made anew (it was missing, or made by another model). */
  embedded: number;
  rejected: Rejection[];
  /** Papers written in this run that have no vector from the current model (no model was available). */
  withoutVector: number;
  seconds: number;
}

export interface IngestProgress {
  read: number;
  written: number;
  rejected: number;
}

export interface IngestOptions {
  batchSize: number;
  /** Null when no model could be loaded: papers are stored without vectors. */
  embedder: Embedder | null;
  onProgress?: (progress: IngestProgress) => void;
}

/**
 * Ingests records from a source: validates and normalises each, skips papers whose content and vector are current,
 * embeds what changed, and writes each batch in one store transaction. Rejected records are reported, never fatal.
 */
export async function ingest(
  sourceName: string,
  items: AsyncIterable<SourceItem>,
  store: GraphStore,
  options: IngestOptions,
): Promise<IngestReport> {
  const started = performance.now();
  const report: IngestReport = {
    source: sourceName,
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    embedded: 0,
    rejected: [],
    withoutVector: 0,
    seconds: 0,
  };
  let batch: PaperDraft[] = [];
  const progress = () =>
    options.onProgress?.({
      read: report.read,
      written: report.inserted + report.updated + report.unchanged + report.embedded,
      rejected: report.rejected.length,
    });

  const flush = async () => {
    await writeBatch(batch, store, options.embedder, report);
    batch = [];
    progress();
  };

  for await (const item of items) {
    report.read++;
    if (item.kind === 'rejected') {
      report.rejected.push({ source: sourceName, line: item.line, reason: item.reason });
      continue;
    }
    const result = normalize(item.raw);
    if (!result.ok) {
      report.rejected.push({ source: sourceName, line: item.line, reason: result.reason });
      continue;
    }
    batch.push(result.draft);
    if (batch.length >= options.batchSize) await flush();
  }
  if (batch.length) await flush();
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

async function writeBatch(
  drafts: PaperDraft[],
  store: GraphStore,
  embedder: Embedder | null,
  report: IngestReport,
): Promise<void> {
  // The same id twice in one batch: the later record wins, as it would in a later batch.
  const byId = new Map(drafts.map((d) => [d.id, d]));
  const existing = await store.fingerprints([...byId.keys()]);
  const writes: PaperWrite[] = [];
  const toEmbed: PaperWrite[] = [];
  for (const draft of byId.values()) {
    const paper = { ...draft, contentHash: contentHash(draft), textHash: textHash(draft) };
    const old = existing.get(draft.id);
    const textChanged = !old || old.textHash !== paper.textHash;
    const needsVector = embedder !== null && (textChanged || old?.vectorModel !== embedder.modelId);
    if (old && old.contentHash === paper.contentHash && !needsVector) {
      report.unchanged++;
      continue;
    }
    const write: PaperWrite = { paper, vector: textChanged ? null : undefined };
    writes.push(write);
    if (needsVector) toEmbed.push(write);
    if (!old) report.inserted++;
    else if (old.contentHash !== paper.contentHash) report.updated++;
    else report.embedded++;
    if (!embedder && (textChanged || old?.vectorModel === null)) report.withoutVector++;
  }
  if (embedder && toEmbed.length) {
    const vectors = await embedder.embed(toEmbed.map((w) => embeddingText(w.paper)));
    toEmbed.forEach((w, i) => (w.vector = { model: embedder.modelId, values: vectors[i] }));
  }
  if (writes.length) await store.writePapers(writes);
}

/**
 * Embeds every stored paper that has no vector from the embedder's model (stored while no model was available, or
 * embedded by another model), a batch at a time. Returns how many papers got a vector.
 */
export async function fillMissingVectors(
  store: GraphStore,
  embedder: Embedder,
  options: { batchSize: number; onProgress?: (embedded: number) => void },
): Promise<number> {
  let embedded = 0;
  let after: string | undefined;
  for (;;) {
    const papers = await store.papersWithoutVector(embedder.modelId, { first: options.batchSize, after });
    if (!papers.length) return embedded;
    const vectors = await embedder.embed(papers.map(embeddingText));
    await store.setVectors(papers.map((p, i) => ({ id: p.id, model: embedder.modelId, values: vectors[i] })));
    embedded += papers.length;
    after = papers[papers.length - 1].id;
    options.onProgress?.(embedded);
  }
}
