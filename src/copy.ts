import type { GraphStore, PaperWrite } from '../graph/store';

export interface CopyReport {
  papers: number;
  /** Papers written to the destination (the others were already there, unchanged). */
  written: number;
  vectors: number;
}

/**
 * Copies a whole graph from one store to another, a batch at a time, each batch in one destination transaction.
 * Idempotent: papers already in the destination with the same content and vector model are not written again.
 */
export async function copyGraph(
  from: GraphStore,
  to: GraphStore,
  options: { batchSize: number; onProgress?: (copied: number, total: number) => void },
): Promise<CopyReport> {
  const report: CopyReport = { papers: 0, written: 0, vectors: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await from.listPapers({ first: options.batchSize, after });
    const existing = await to.fingerprints(page.papers.map((p) => p.id));
    const changed = page.papers.filter((p) => {
      const there = existing.get(p.id);
      return !there || there.contentHash !== p.contentHash || there.vectorModel !== p.vectorModel;
    });
    const models = [...new Set(changed.map((p) => p.vectorModel).filter((m): m is string => m !== null))];
    const vectors = new Map<string, Float32Array>();
    for (const model of models) {
      const ids = changed.filter((p) => p.vectorModel === model).map((p) => p.id);
      for (const [id, values] of await from.getVectors(model, ids)) vectors.set(id, values);
    }
    const writes: PaperWrite[] = changed.map(({ vectorModel, ...paper }) => ({
      paper,
      vector: vectorModel ? { model: vectorModel, values: vectors.get(paper.id)! } : null,
    }));
    if (writes.length) await to.writePapers(writes);
    report.papers += page.papers.length;
    report.written += writes.length;
    report.vectors += vectors.size;
    options.onProgress?.(report.papers, page.totalCount);
    if (!page.hasNextPage) return report;
    after = page.endCursor!;
  }
}
