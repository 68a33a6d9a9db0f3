import type { GraphStore, PaperWrite } from '../graph/store';
import { finishCorpusGraph } from '../ingest/corpus';

export interface CopyReport {
  papers: number;
  /** Papers written to the destination (the others were already there, unchanged). */
  written: number;
  vectors: number;
}

/**
 * Copies a whole graph from one store to another, a batch at a time, each batch in one destination transaction:
 * papers with their vectors and knowledge; the destination then rebuilds its corpus graph (concepts, methods,
 * lineage) from that knowledge, if it is out of date. Idempotent: papers already in the destination with the same content, vector model
 * and knowledge version are not written again.
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
    const ids = page.items.map((p) => p.id);
    const [source, existing] = [await from.fingerprints(ids), await to.fingerprints(ids)];
    const changed = page.items.filter((p) => {
      const there = existing.get(p.id);
      return (
        !there ||
        there.contentHash !== p.contentHash ||
        there.vectorModel !== p.vectorModel ||
        there.knowledgeVersion !== source.get(p.id)!.knowledgeVersion
      );
    });
    const models = [...new Set(changed.map((p) => p.vectorModel).filter((m): m is string => m !== null))];
    const vectors = new Map<string, Float32Array>();
    for (const model of models) {
      const ofModel = changed.filter((p) => p.vectorModel === model).map((p) => p.id);
      for (const [id, values] of await from.getVectors(model, ofModel)) vectors.set(id, values);
    }
    const knowledge = new Map((await from.paperKnowledge(changed.map((p) => p.id))).map((k) => [k.paperId, k]));
    const writes: PaperWrite[] = changed.map(({ vectorModel, ...paper }) => {
      const k = knowledge.get(paper.id);
      return {
        paper,
        vector: vectorModel ? { model: vectorModel, values: vectors.get(paper.id)! } : null,
        knowledge: k && { version: k.version, extraction: k.knowledge },
      };
    });
    if (writes.length) await to.writePapers(writes);
    report.papers += page.items.length;
    report.written += writes.length;
    report.vectors += vectors.size;
    options.onProgress?.(report.papers, page.totalCount);
    if (!page.hasNextPage) break;
    after = page.endCursor!;
  }
  await finishCorpusGraph(to);
  return report;
}
