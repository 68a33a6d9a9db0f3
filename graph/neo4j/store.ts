import neo4j, { type Driver, type ManagedTransaction, Neo4jError } from 'neo4j-driver';
import type { Paper, PaperVector } from '../../src/domain';
import { queryWords } from '../query-words';
import type {
  GraphStore,
  PaperFilter,
  PaperFingerprint,
  PaperPage,
  PaperWrite,
  ScoredId,
  StoreStats,
} from '../store';
import { SCHEMA_STATEMENTS, STATEMENTS } from './statements';

export interface Neo4jSettings {
  uri: string;
  user: string;
  password?: string;
  database: string;
}

/** Seconds a failing transaction is retried before it fails (the driver's default is 30). */
const RETRY_SECONDS = 5;
/** Seconds to wait for a connection before saying the server cannot be reached. */
const CONNECT_SECONDS = 5;

/** A problem reaching or using Neo4j, said in one line. */
export class Neo4jStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Neo4jStoreError';
  }
}

function explain(err: unknown, settings: Neo4jSettings): Error {
  if (!(err instanceof Neo4jError)) return err as Error;
  const code = err.code ?? '';
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new Neo4jStoreError(`cannot reach Neo4j at ${settings.uri}: ${err.message.split('\n')[0]}`);
  }
  if (code.startsWith('Neo.ClientError.Security.')) {
    return new Neo4jStoreError(
      `Neo4j at ${settings.uri} refused user "${settings.user}": check NEO4J_USER and NEO4J_PASSWORD (${code})`,
    );
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new Neo4jStoreError(`Neo4j at ${settings.uri} has no database "${settings.database}": check NEO4J_DATABASE`);
  }
  return err;
}

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

/** The production store: Neo4j 5 through the official driver. Create it with `Neo4jGraphStore.open`. */
export class Neo4jGraphStore implements GraphStore {
  readonly description: string;
  private vectorIndexReady = false;

  private constructor(
    private readonly driver: Driver,
    private readonly settings: Neo4jSettings,
  ) {
    this.description = `neo4j:${settings.uri}/${settings.database}`;
  }

  /** Connects, checks credentials and database, and creates constraints and indexes if they are missing. */
  static async open(settings: Neo4jSettings): Promise<Neo4jGraphStore> {
    const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password ?? ''), {
      disableLosslessIntegers: true,
      maxTransactionRetryTime: RETRY_SECONDS * 1000,
      connectionAcquisitionTimeout: CONNECT_SECONDS * 1000,
      connectionTimeout: CONNECT_SECONDS * 1000,
    });
    const store = new Neo4jGraphStore(driver, settings);
    try {
      await driver.verifyConnectivity({ database: settings.database });
      for (const statement of Object.values(SCHEMA_STATEMENTS)) await store.write((tx) => tx.run(statement));
    } catch (err) {
      await driver.close();
      throw explain(err, settings);
    }
    return store;
  }

  private async read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.settings.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(work);
    } catch (err) {
      throw explain(err, this.settings);
    } finally {
      await session.close();
    }
  }

  private async write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.settings.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(work);
    } catch (err) {
      throw explain(err, this.settings);
    } finally {
      await session.close();
    }
  }

  /** True once the vector index exists (it is made with the first vector); remembered once true. */
  private async hasVectorIndex(): Promise<boolean> {
    if (!this.vectorIndexReady) {
      const result = await this.read((tx) => tx.run(STATEMENTS.vectorIndexExists));
      this.vectorIndexReady = (result.records[0].get('n') as number) > 0;
    }
    return this.vectorIndexReady;
  }

  private async ensureVectorIndex(dimensions: number | undefined): Promise<void> {
    if (this.vectorIndexReady || !dimensions) return;
    await this.write((tx) => tx.run(STATEMENTS.createVectorIndex, { dimensions: neo4j.int(dimensions) }));
    this.vectorIndexReady = true;
  }

  async fingerprints(ids: string[]): Promise<Map<string, PaperFingerprint>> {
    const result = await this.read((tx) => tx.run(STATEMENTS.fingerprints, { ids }));
    return new Map(
      result.records.map((r) => [
        r.get('id') as string,
        { contentHash: r.get('contentHash'), textHash: r.get('textHash'), vectorModel: r.get('vectorModel') },
      ]),
    );
  }

  async writePapers(writes: PaperWrite[]): Promise<void> {
    for (const { paper } of writes) {
      if (typeof paper.title !== 'string' || typeof paper.abstract !== 'string') {
        throw new Error(`paper ${paper.id} needs a title and an abstract`);
      }
    }
    await this.ensureVectorIndex(writes.find((w) => w.vector)?.vector?.values.length);
    const rows = writes.map(({ paper, vector }) => ({
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
    }));
    await this.write((tx) => tx.run(STATEMENTS.upsertPapers, { rows }));
  }

  async setVectors(vectors: PaperVector[]): Promise<void> {
    await this.ensureVectorIndex(vectors[0]?.values.length);
    const rows = vectors.map((v) => ({ id: v.id, vector: Array.from(v.values), vectorModel: v.model }));
    await this.write(async (tx) => {
      const known = await tx.run(STATEMENTS.fingerprints, { ids: rows.map((r) => r.id) });
      const ids = new Set(known.records.map((r) => r.get('id') as string));
      const unknown = rows.find((r) => !ids.has(r.id));
      // Thrown inside the transaction function: the driver rolls the transaction back.
      if (unknown) throw new Error(`cannot set the vector of unknown paper ${unknown.id}`);
      await tx.run(STATEMENTS.setVectors, { rows });
    });
  }

  async getPapers(ids: string[]): Promise<Map<string, Paper>> {
    const result = await this.read((tx) => tx.run(STATEMENTS.getPapers, { ids }));
    return new Map(result.records.map((r) => [r.get('paper').id as string, toPaper(r.get('paper'))]));
  }

  async listPapers(options: { first: number; after?: string; filter?: PaperFilter }): Promise<PaperPage> {
    const f = options.filter ?? {};
    const filter = {
      titleContains: f.titleContains ?? null,
      yearFrom: f.yearFrom === undefined ? null : neo4j.int(f.yearFrom),
      yearTo: f.yearTo === undefined ? null : neo4j.int(f.yearTo),
      venue: f.venue ?? null,
    };
    const [count, page] = await this.read(async (tx) => [
      await tx.run(STATEMENTS.countPapers, filter),
      await tx.run(STATEMENTS.listPapers, { ...filter, after: options.after ?? null, limit: neo4j.int(options.first + 1) }),
    ]);
    const papers = page.records.slice(0, options.first).map((r) => toPaper(r.get('paper')));
    return {
      papers,
      endCursor: papers.length ? papers[papers.length - 1].id : null,
      hasNextPage: page.records.length > options.first,
      totalCount: count.records[0].get('total') as number,
    };
  }

  async papersWithoutVector(model: string, options: { first: number; after?: string }): Promise<Paper[]> {
    const result = await this.read((tx) =>
      tx.run(STATEMENTS.papersWithoutVector, { model, after: options.after ?? '', limit: neo4j.int(options.first) }),
    );
    return result.records.map((r) => toPaper(r.get('paper')));
  }

  async vectors(model: string): Promise<PaperVector[]> {
    const result = await this.read((tx) => tx.run(STATEMENTS.vectors, { model }));
    return result.records.map((r) => ({ id: r.get('id'), model, values: Float32Array.from(r.get('vector')) }));
  }

  async getVectors(model: string, ids: string[]): Promise<Map<string, Float32Array>> {
    const result = await this.read((tx) => tx.run(STATEMENTS.vectorsOf, { model, ids }));
    return new Map(result.records.map((r) => [r.get('id') as string, Float32Array.from(r.get('vector'))]));
  }

  async searchText(query: string, k: number): Promise<ScoredId[]> {
    const words = queryWords(query);
    if (!words.length || k < 1) return [];
    // Each word quoted: Lucene syntax in user text stays literal.
    const lucene = words.map((w) => `"${w}"`).join(' OR ');
    const result = await this.read((tx) => tx.run(STATEMENTS.searchText, { query: lucene, limit: neo4j.int(k) }));
    return result.records.map((r) => ({ id: r.get('id'), score: r.get('score') }));
  }

  async nearestByVector(model: string, vector: Float32Array, k: number, excludeIds: string[] = []): Promise<ScoredId[]> {
    if (k < 1 || !(await this.hasVectorIndex())) return [];
    // The index knows nothing of models or exclusions: ask for enough candidates to filter them out.
    const candidates = (k + excludeIds.length) * 4;
    const result = await this.read((tx) =>
      tx.run(STATEMENTS.nearestByVector, {
        candidates: neo4j.int(candidates),
        vector: Array.from(vector),
        model,
        exclude: excludeIds,
        limit: neo4j.int(k),
      }),
    );
    return result.records.map((r) => ({ id: r.get('id'), score: r.get('score') }));
  }

  async stats(): Promise<StoreStats> {
    const [all, byModel] = await this.read(async (tx) => [
      await tx.run(STATEMENTS.countAll),
      await tx.run(STATEMENTS.vectorsByModel),
    ]);
    return {
      papers: all.records[0].get('papers') as number,
      vectorsByModel: Object.fromEntries(byModel.records.map((r) => [r.get('model'), r.get('n')])),
    };
  }

  /** Deletes every paper: for the contract suite's clean-up only. */
  async deleteAll(): Promise<void> {
    await this.write((tx) => tx.run(STATEMENTS.deleteAllPapers));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
