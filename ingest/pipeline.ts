import type { GraphStore } from '../graph/store';
import type { PaperWrite } from '../graph/store';
import type { PaperDraft } from '../src/domain';
import { finishCorpusGraph } from './corpus';
import type { Embedder, TextWindow } from './embed';
import { extractPaper } from './extract';
import { identify, linksOf, recordKeys, type MergeBasis } from './identity';
import { contentHash, embeddingText, normalize, textHash } from './normalize';
import type { SourceItem } from './sources';

/**
 * Version of what extraction produces. Bump it when extraction changes: every stored paper is then extracted anew
 * on the next ingest, as if it had changed.
 */
export const KNOWLEDGE_VERSION = 'extract-6';

export interface Rejection {
  source: string;
  line: number;
  /** For a JSON document holding a list of papers: the record's 1-based position in that list. */
  entry?: number;
  reason: string;
}

/** Something left out of or cut from a record that was still stored: a bad optional field, an unsafe URL, a truncated
 * abstract. */
export type Warning = Rejection;

/**
 * A record found to be a copy of a stored paper under another id (another source's), and merged into it: its id is
 * an alias of that paper. Reported at every ingest of the record, so a re-ingest says where its records went.
 */
export interface Merge {
  source: string;
  line: number;
  entry?: number;
  /** The record's own id. */
  id: string;
  /** The paper it was merged into. */
  into: string;
  /** What they share: an identifier's scheme (`doi`, `arxiv`, `openalex`, `s2`, …) or `title` (title and abstract). */
  by: MergeBasis;
}

export interface IngestReport {
  source: string;
  /** Records read, accepted or not. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Unchanged papers whose vector (missing, or of another model) or knowledge (older extractor) was made anew. */
  refreshed: number;
  rejected: Rejection[];
  /** Accepted papers with something left out or cut (a bad optional field, a truncated abstract): one per thing. */
  warnings: Warning[];
  /** Records merged into a stored paper they copy (counted in updated, unchanged or refreshed too). */
  merged: Merge[];
  /** Papers written in this run that have no vector from the current model (no model was available). */
  withoutVector: number;
  /**
   * Seconds spent rebuilding the corpus graph (concepts, co-occurrence, communities, lineage) after the writes, or
   * to finish the rebuild of an earlier run that was interrupted; 0 when it was up to date.
   */
  corpusSeconds: number;
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
  /**
   * Whether to bring the corpus graph up to date before answering (default true, as the CLI does). False leaves it
   * marked out of date for the caller to finish: the server's corpus-graph worker does, in the background.
   */
  finishGraph?: boolean;
}

/** A normalised record and where it came from. */
interface Draft {
  draft: PaperDraft;
  line: number;
  entry?: number;
}

/** One line, for a rejection: what went wrong preparing a record, whatever was thrown. */
function failure(stage: string, err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `${stage} failed: ${message.split('\n')[0].slice(0, 200)}`;
}

/**
 * Ingests records from a source: validates and normalises each, skips papers whose content and vector are current,
 * embeds what changed, and writes each batch in one store transaction; then (unless `finishGraph` is false) finishes
 * the corpus graph if the store says it is out of date (after these writes, or after an earlier run that was interrupted). A record that fails
 * anywhere before the write (normalising, cutting into windows, extracting) is rejected with its line, never fatal.
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
    refreshed: 0,
    rejected: [],
    warnings: [],
    merged: [],
    withoutVector: 0,
    corpusSeconds: 0,
    seconds: 0,
  };
  const progress = () =>
    options.onProgress?.({
      read: report.read,
      written: report.inserted + report.updated + report.unchanged + report.refreshed,
      rejected: report.rejected.length,
    });

  // One batch is embedded and written while the next is read and planned: the model runs in native threads, so
  // the CPU-side work (parsing, hashing, cutting texts into windows) of batch N+1 overlaps the model on batch N.
  // A batch never holds two records sharing a key (an id, an alias, a title key): the second goes to the next batch,
  // so it is matched against what the first wrote (ingest/identity.ts).
  let inFlight: { keys: Set<string>; done: Promise<void> } | undefined;
  const flush = async (drafts: Draft[]) => {
    // A paper of the batch in flight must be planned against what that batch writes, so it waits for it.
    const collides = (d: Draft) => recordKeys(d.draft).some((k) => inFlight?.keys.has(k));
    const waiting = drafts.filter(collides);
    const ready = drafts.filter((d) => !collides(d));
    const writes = await planWrites(ready, store, options.embedder, report);
    await inFlight?.done;
    writes.push(...(await planWrites(waiting, store, options.embedder, report)));
    const done = execute(writes, store, options.embedder).then(progress);
    // Marked handled here; the rejection still surfaces at the next await of `done`.
    done.catch(() => undefined);
    inFlight = { keys: new Set(drafts.flatMap((d) => recordKeys(d.draft))), done };
  };

  let batch: Draft[] = [];
  let batchKeys = new Set<string>();
  for await (const item of items) {
    report.read++;
    if (item.kind === 'rejected') {
      report.rejected.push({ source: sourceName, line: item.line, entry: item.entry, reason: item.reason });
      continue;
    }
    let result: ReturnType<typeof normalize>;
    try {
      result = normalize(item.raw);
    } catch (err) {
      result = { ok: false, reason: failure('normalising', err) };
    }
    if (!result.ok) {
      report.rejected.push({ source: sourceName, line: item.line, entry: item.entry, reason: result.reason });
      continue;
    }
    for (const reason of result.warnings) {
      report.warnings.push({ source: sourceName, line: item.line, entry: item.entry, reason });
    }
    const keys = recordKeys(result.draft);
    if (keys.some((k) => batchKeys.has(k))) {
      await flush(batch);
      batch = [];
      batchKeys = new Set();
    }
    batch.push({ draft: result.draft, line: item.line, entry: item.entry });
    for (const k of keys) batchKeys.add(k);
    if (batch.length >= options.batchSize) {
      await flush(batch);
      batch = [];
      batchKeys = new Set();
    }
  }
  if (batch.length) await flush(batch);
  await inFlight?.done;
  if (options.finishGraph ?? true) report.corpusSeconds = (await finishCorpusGraph(store))?.seconds ?? 0;
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

interface PlannedWrite extends PaperWrite {
  /** The text cut into model windows, when the paper needs a new vector. */
  windows?: TextWindow[];
}

/**
 * Decides what each paper needs (nothing, a row, a vector) against the store, prepares it (windows, extraction) and
 * counts it in the report; a paper that fails to prepare is rejected with its line.
 */
async function planWrites(
  drafts: Draft[],
  store: GraphStore,
  embedder: Embedder | null,
  report: IngestReport,
): Promise<PlannedWrite[]> {
  if (!drafts.length) return [];
  const identified = await identify(
    drafts.map((d) => d.draft),
    store,
  );
  const existing = await store.fingerprints(identified.map((i) => i.draft.id));
  const writes: PlannedWrite[] = [];
  for (const [i, { line, entry }] of drafts.entries()) {
    const { draft, storedLinks, merge } = identified[i];
    const paper = { ...draft, contentHash: contentHash(draft), textHash: textHash(draft) };
    const links = linksOf(draft);
    const old = existing.get(draft.id);
    const textChanged = !old || old.textHash !== paper.textHash;
    const needsVector = embedder !== null && (textChanged || old?.vectorModel !== embedder.modelId);
    const needsKnowledge = textChanged || old?.knowledgeVersion !== KNOWLEDGE_VERSION;
    // A paper stored before links existed (or under another title) gets them written once.
    const needsLinks = storedLinks?.titleKey !== links.titleKey;
    const merged = merge && { source: report.source, line, entry, id: drafts[i].draft.id, ...merge };
    if (old && old.contentHash === paper.contentHash && !needsVector && !needsKnowledge && !needsLinks) {
      if (merged) report.merged.push(merged);
      report.unchanged++;
      continue;
    }
    let stage = 'cutting into model windows';
    try {
      const windows = needsVector ? embedder.windows(embeddingText(paper)) : undefined;
      stage = 'extraction';
      const knowledge = needsKnowledge ? { version: KNOWLEDGE_VERSION, extraction: extractPaper(paper) } : undefined;
      writes.push({ paper, vector: textChanged ? null : undefined, windows, knowledge, links });
    } catch (err) {
      report.rejected.push({ source: report.source, line, reason: failure(stage, err) });
      continue;
    }
    if (merged) report.merged.push(merged);
    if (!old) report.inserted++;
    else if (old.contentHash !== paper.contentHash) report.updated++;
    else report.refreshed++;
    if (!embedder && (textChanged || old?.vectorModel === null)) report.withoutVector++;
  }
  return writes;
}

/** Embeds what needs a vector, then writes the batch in one store transaction. */
async function execute(writes: PlannedWrite[], store: GraphStore, embedder: Embedder | null): Promise<void> {
  const toEmbed = writes.filter((w) => w.windows);
  if (embedder && toEmbed.length) {
    const vectors = await embedder.embedWindowed(toEmbed.map((w) => w.windows!));
    toEmbed.forEach((w, i) => (w.vector = { model: embedder.modelId, values: vectors[i] }));
  }
  if (writes.length) {
    await store.writePapers(writes.map(({ paper, vector, knowledge, links }) => ({ paper, vector, knowledge, links })));
  }
}

/**
 * Embeds every stored paper that has no vector from the embedder's model (stored while no model was available, or
 * embedded by another model), a batch at a time, until none is left or `signal` aborts (between batches). Returns
 * how many papers got a vector.
 */
export async function fillMissingVectors(
  store: GraphStore,
  embedder: Embedder,
  options: { batchSize: number; onProgress?: (embedded: number) => void; signal?: AbortSignal },
): Promise<number> {
  let embedded = 0;
  let after: string | undefined;
  for (;;) {
    if (options.signal?.aborted) return embedded;
    const papers = await store.papersWithoutVector(embedder.modelId, { first: options.batchSize, after });
    if (!papers.length) return embedded;
    const vectors = await embedder.embed(papers.map(embeddingText));
    await store.setVectors(papers.map((p, i) => ({ id: p.id, model: embedder.modelId, values: vectors[i] })));
    embedded += papers.length;
    after = papers[papers.length - 1].id;
    options.onProgress?.(embedded);
  }
}
