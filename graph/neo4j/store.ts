import neo4j, { type Driver } from 'neo4j-driver';
import type { Paper, PaperVector } from '../../src/domain';
import { quoted, unknownPaper, type Rows } from '../base';
import type {
  GraphStore,
  PaperFilter,
  PaperFingerprint,
  PaperWrite,
  ScoredId,
  StoreStats,
} from '../store';
import { Neo4jCitations } from './citations';
import { connect, explain, run, type Neo4jSettings } from './connection';
import { SCHEMA_STATEMENT_NAMES } from './statements';

interface PaperProps {
  id: string;
  title: string;
  abstract: string;
  authors: string[] | null;
  year: number | null;
  venue: string | null;
  url: string | null;
  keywords: string[] | null;
  contentHash: string;
  textHash: string;
  vectorModel: string | null;
}

function toPaper(p: PaperProps): Paper {
  return {
    id: p.id,
    title: p.title,
    abstract: p.abstract,
    authors: p.authors ?? [],
    year: p.year ?? undefined,
    venue: p.venue ?? undefined,
    url: p.url ?? undefined,
    keywords: p.keywords ?? [],
    contentHash: p.contentHash,
    textHash: p.textHash,
    vectorModel: p.vectorModel,
  };
}

/**
 * The production store: Neo4j 5 through the official driver. Create it with `Neo4jGraphStore.open`. It keeps no
 * cache (vector search runs in Neo4j's index), so every read sees what any other process or worker committed.
 */
export class Neo4jGraphStore extends Neo4jCitations implements GraphStore {
  readonly description: string;
  /** Length of the vectors the vector index holds; null while there is no index, undefined until asked. */
  private indexDimensions: number | null | undefined;

  private constructor(driver: Driver, settings: Neo4jSettings) {
    super(driver, settings);
    this.description = `neo4j:${settings.uri}/${settings.database}`;
  }

  /** Connects, checks credentials and database, and creates constraints and indexes if they are missing. */
  static async open(settings: Neo4jSettings): Promise<Neo4jGraphStore> {
    const driver = connect(settings);
    const store = new Neo4jGraphStore(driver, settings);
    try {
      await driver.verifyConnectivity({ database: settings.database });
      for (const name of SCHEMA_STATEMENT_NAMES) await store.write((tx) => run(tx, name));
    } catch (err) {
      await driver.close();
      throw explain(err, settings);
    }
    return store;
  }

  /** The vector index's vector length, or null while there is none (it is made with the first vector); remembered once known. */
  private async vectorIndexDimensions(): Promise<number | null> {
    if (!this.indexDimensions) {
      const result = await this.read((tx) => run(tx, 'vectorIndexDimensions'));
      this.indexDimensions = (result.records[0]?.get('dimensions') as number | undefined) ?? null;
    }
    return this.indexDimensions;
  }

  private async ensureVectorIndex(dimensions: number | undefined): Promise<void> {
    if (!dimensions || (await this.vectorIndexDimensions()) !== null) return;
    await this.write((tx) => run(tx, 'createVectorIndex', { dimensions: neo4j.int(dimensions) }));
    this.indexDimensions = undefined;
  }

  async fingerprints(ids: string[]): Promise<Map<string, PaperFingerprint>> {
    const result = await this.read((tx) => run(tx, 'fingerprints', { ids }));
    return new Map(
      result.records.map((r) => [
        r.get('id') as string,
        {
          contentHash: r.get('contentHash'),
          textHash: r.get('textHash'),
          vectorModel: r.get('vectorModel'),
          knowledgeVersion: r.get('knowledgeVersion'),
        },
      ]),
    );
  }

  protected async upsertPapers(writes: PaperWrite[]): Promise<void> {
    await this.ensureVectorIndex(writes.find((w) => w.vector)?.vector?.values.length);
    const rows = writes.map(({ paper, vector, knowledge }) => ({
      id: paper.id,
      title: paper.title,
      abstract: paper.abstract,
      authors: paper.authors,
      year: paper.year === undefined ? null : neo4j.int(paper.year),
      venue: paper.venue ?? null,
      url: paper.url ?? null,
      keywords: paper.keywords,
      contentHash: paper.contentHash,
      textHash: paper.textHash,
      setVector: vector !== undefined,
      vector: vector ? Array.from(vector.values) : null,
      vectorModel: vector?.model ?? null,
      knowledge: knowledge ? JSON.stringify(knowledge.extraction) : null,
      knowledgeVersion: knowledge?.version ?? null,
    }));
    await this.write(async (tx) => {
      const bumped = await run(tx, 'bumpPapersGeneration');
      await run(tx, 'upsertPapers', { rows, generation: neo4j.int(bumped.records[0].get('generation') as number) });
      await this.writeLinks(tx, writes);
    });
  }

  protected async deletePapers(ids: string[]): Promise<Map<string, string>> {
    return this.write(async (tx) => {
      const result = await run(tx, 'namedPapers', { ids });
      const named = new Map(result.records.map((r) => [r.get('id') as string, r.get('paperId') as string]));
      if (!named.size) return named;
      await run(tx, 'bumpPapersGeneration');
      const removed = [...new Set(named.values())];
      // Lineage evidence is a property of an edge between methods: not the paper's relationship, so deleted first.
      await run(tx, 'deleteLineageOf', { ids: removed });
      await this.deleteWithLinks(tx, removed);
      return named;
    });
  }

  async setVectors(vectors: PaperVector[]): Promise<void> {
    await this.ensureVectorIndex(vectors[0]?.values.length);
    const rows = vectors.map((v) => ({ id: v.id, vector: Array.from(v.values), vectorModel: v.model }));
    await this.write(async (tx) => {
      const known = await run(tx, 'fingerprints', { ids: rows.map((r) => r.id) });
      const ids = new Set(known.records.map((r) => r.get('id') as string));
      const unknown = rows.find((r) => !ids.has(r.id));
      // Thrown inside the transaction function: the driver rolls the transaction back.
      if (unknown) throw unknownPaper(unknown.id);
      await run(tx, 'bumpVectorsGeneration');
      await run(tx, 'setVectors', { rows });
    });
  }

  async getPapers(ids: string[]): Promise<Map<string, Paper>> {
    const result = await this.read((tx) => run(tx, 'getPapers', { ids }));
    return new Map(result.records.map((r) => [r.get('paper').id as string, toPaper(r.get('paper'))]));
  }

  protected async paperRows(f: PaperFilter, after: string | undefined, limit: number): Promise<Rows<Paper>> {
    const filter = {
      titleContains: f.titleContains ?? null,
      yearFrom: f.yearFrom === undefined ? null : neo4j.int(f.yearFrom),
      yearTo: f.yearTo === undefined ? null : neo4j.int(f.yearTo),
      venue: f.venue ?? null,
    };
    const [count, page] = await this.read(async (tx) => [
      await run(tx, 'countPapers', filter),
      await run(tx, 'listPapers', { ...filter, after: after ?? null, limit: neo4j.int(limit) }),
    ]);
    return { rows: page.records.map((r) => toPaper(r.get('paper'))), totalCount: count.records[0].get('total') as number };
  }

  async papersWithoutVector(model: string, options: { first: number; after?: string }): Promise<Paper[]> {
    const result = await this.read((tx) =>
      run(tx, 'papersWithoutVector', { model, after: options.after ?? '', limit: neo4j.int(options.first) }),
    );
    return result.records.map((r) => toPaper(r.get('paper')));
  }

  async vectors(model: string): Promise<PaperVector[]> {
    const result = await this.read((tx) => run(tx, 'vectors', { model }));
    return result.records.map((r) => ({ id: r.get('id'), model, values: Float32Array.from(r.get('vector')) }));
  }

  async getVectors(model: string, ids: string[]): Promise<Map<string, Float32Array>> {
    const result = await this.read((tx) => run(tx, 'vectorsOf', { model, ids }));
    return new Map(result.records.map((r) => [r.get('id') as string, Float32Array.from(r.get('vector'))]));
  }

  protected async searchWords(words: string[], k: number): Promise<ScoredId[]> {
    const result = await this.read((tx) => run(tx, 'searchText', { query: quoted(words), limit: neo4j.int(k) }));
    return result.records.map((r) => ({ id: r.get('id'), score: r.get('score') }));
  }

  protected async countWordPapers(words: string[]): Promise<Map<string, number>> {
    const result = await this.read((tx) => run(tx, 'wordPaperCounts', { words: words.map((w) => ({ word: w, query: quoted([w]) })) }));
    return new Map(result.records.map((r) => [r.get('word') as string, r.get('papers') as number]));
  }

  protected async nearest(model: string, vector: Float32Array, k: number, excludeIds: string[]): Promise<ScoredId[]> {
    const dimensions = await this.vectorIndexDimensions();
    if (dimensions === null) return [];
    // The index knows nothing of models or exclusions: ask for enough candidates to filter them out.
    const candidates = (k + excludeIds.length) * 4;
    const parameters = { vector: Array.from(vector), model, exclude: excludeIds, limit: neo4j.int(k) };
    const result = await this.read((tx) =>
      dimensions === vector.length
        ? run(tx, 'nearestByVector', { ...parameters, candidates: neo4j.int(candidates) })
        : run(tx, 'nearestByVectorExact', parameters),
    );
    return result.records.map((r) => ({ id: r.get('id'), score: r.get('score') }));
  }

  async stats(): Promise<StoreStats> {
    const [all, byModel, concepts, methods, lineage] = await this.read(async (tx) => [
      await run(tx, 'countAll'),
      await run(tx, 'vectorsByModel'),
      await run(tx, 'countConcepts'),
      await run(tx, 'countMethods'),
      await run(tx, 'countLineage'),
    ]);
    return {
      papers: all.records[0].get('papers') as number,
      concepts: concepts.records[0].get('n') as number,
      methods: methods.records[0].get('n') as number,
      lineageEdges: lineage.records[0].get('n') as number,
      vectorsByModel: Object.fromEntries(byModel.records.map((r) => [r.get('model'), r.get('n')])),
    };
  }

  /** Null: the server's transaction ids are not readable in one cheap query, so callers keep nothing (see the port). */
  async dataVersion(): Promise<null> {
    return null;
  }

  async contentVersion(): Promise<string> {
    const result = await this.read((tx) => run(tx, 'contentVersion'));
    return result.records[0].get('version') as string;
  }

  async relatedPrepared(paperIds: string[], stamp: string): Promise<Map<string, Uint8Array>> {
    const result = await this.read((tx) => run(tx, 'relatedPrepared', { ids: paperIds, stamp }));
    return new Map(
      result.records.map((r) => {
        const data = r.get('data') as Int8Array;
        return [r.get('paperId') as string, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
      }),
    );
  }

  async relatedPreparedState(stamp: string, limit: number): Promise<{ prepared: number; missing: string[] }> {
    const [count, missing] = await this.read(async (tx) => [
      await run(tx, 'relatedPreparedCount', { stamp }),
      await run(tx, 'relatedPreparedMissing', { stamp, limit: neo4j.int(limit) }),
    ]);
    return { prepared: count.records[0].get('prepared') as number, missing: missing.records.map((r) => r.get('id') as string) };
  }

  async putRelatedPrepared(entries: Map<string, Uint8Array>, stamp: string, contentVersion: string): Promise<boolean> {
    // Byte arrays travel as Int8Array.
    const rows = [...entries].map(([id, data]) => ({ id, data: new Int8Array(data.buffer, data.byteOffset, data.byteLength) }));
    return this.write(async (tx) => {
      const locked = await run(tx, 'lockContentVersion');
      if (locked.records[0].get('version') !== contentVersion) return false;
      await run(tx, 'deleteOrphanRelatedPrepared');
      await run(tx, 'putRelatedPrepared', { rows, stamp });
      return true;
    });
  }

  async warmUp(): Promise<void> {}

  async close(): Promise<void> {
    await this.driver.close();
  }
}
