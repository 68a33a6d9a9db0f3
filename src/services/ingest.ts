import type { GraphStore } from '../../graph/store';
import type { Embedder } from '../../ingest/embed';
import { ingest, type IngestReport } from '../../ingest/pipeline';
import type { RawPaper, SourceItem } from '../../ingest/sources';

/** Papers one `ingestPapers` call may carry (documented in docs/api.md). */
export const MAX_INGEST_PAPERS = 500;
/** The source name ingest reports carry for records that came from the API. */
export const API_SOURCE = 'mutation';

/** A rejected record, located by its position in the list given, and the field at fault when one is. */
export interface RecordRejection {
  index: number;
  field: string | null;
  reason: string;
}

/** A record merged into the stored paper it copies, located by its position in the list given. */
export interface RecordMerge {
  index: number;
  id: string;
  into: string;
  by: string;
}

/** What an `ingestPapers` call reports: the pipeline's report, each rejection and merge located by its position. */
export type ApiIngestReport = IngestReport & {
  rejectedRecords: RecordRejection[];
  warnedRecords: RecordRejection[];
  mergedRecords: RecordMerge[];
};

/**
 * Runs the CLI's ingest pipeline over records received by the API: record i is "line" i + 1 of the source
 * `mutation`, so each rejection maps back to its position in the list.
 */
export async function ingestRecords(
  records: RawPaper[],
  store: GraphStore,
  options: { embedder: Embedder | null; batchSize: number; finishGraph?: boolean },
): Promise<ApiIngestReport> {
  async function* items(): AsyncGenerator<SourceItem> {
    for (const [i, raw] of records.entries()) yield { kind: 'record', line: i + 1, raw };
  }
  const report = await ingest(API_SOURCE, items(), store, options);
  const located = (r: { line: number; reason: string }): RecordRejection => ({
    index: r.line - 1,
    field: (/field "([^"]+)"/.exec(r.reason) ?? /^(\w+) longer than \d+ characters$/.exec(r.reason))?.[1] ?? null,
    reason: r.reason,
  });
  return {
    ...report,
    rejectedRecords: report.rejected.map(located),
    // At most one rejection per record, but several warnings may come from one: the first MAX_INGEST_PAPERS of them.
    warnedRecords: report.warnings.slice(0, MAX_INGEST_PAPERS).map(located),
    mergedRecords: report.merged.map((m) => ({ index: m.line - 1, id: m.id, into: m.into, by: m.by })),
  };
}
