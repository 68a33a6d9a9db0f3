import neo4j, { type Driver, type ManagedTransaction, Neo4jError } from 'neo4j-driver';
import type {
  ConceptNeighbour,
  ConceptNode,
  LineageEdge,
  MethodNode,
  Paper,
  PaperKnowledge,
  PaperMethodRole,
  PaperVector,
} from '../../src/domain';
import { queryWords } from '../query-words';
import type {
  ConceptFilter,
  CorpusGraph,
  CorpusState,
  FilteredName,
  GraphStore,
  Page,
  PaperFilter,
  PaperFingerprint,
  PaperPage,
  PaperWrite,
  ScoredId,
  StoredKnowledge,
  StoreStats,
} from '../store';
import { CYPHER, SCHEMA_STATEMENT_NAMES, type StatementName } from './statements';

export interface Neo4jSettings {
  uri: string;
  user: string;
  password?: string;
  database: string;
}

/** Seconds a failing transaction is retried before it fails (the driver's default is 30). */
const RETRY_SECONDS = 5;
/** Rows per UNWIND statement when writing the corpus graph. */
const WRITE_BATCH = 5000;
/** Seconds to wait for a connection before saying the server cannot be reached. */
const CONNECT_SECONDS = 5;

/** A problem reaching or using Neo4j, said in one line. */
export class Neo4jStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Neo4jStoreError';
  }
}

/** The one place a statement runs: by name, so its text can only be one of the named constants. */
function run(tx: ManagedTransaction, name: StatementName, parameters?: Record<string, unknown>) {
  return tx.run(CYPHER[name], parameters);
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

/**
 * The production store: Neo4j 5 through the official driver. Create it with `Neo4jGraphStore.open`. It keeps no
 * cache (vector search runs in Neo4j's index), so every read sees what any other process or worker committed.
 */
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
      for (const name of SCHEMA_STATEMENT_NAMES) await store.write((tx) => run(tx, name));
    } catch (err) {
      await driver.close();
      throw explain(err, settings);
    }
    return store;
  }

  /** A managed read transaction: the driver retries it on transient errors, within RETRY_SECONDS. */
  private read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.transaction('READ', work);
  }

  /** A managed write transaction, retried like `read`. */
  private write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.transaction('WRITE', work);
  }

  private async transaction<T>(mode: 'READ' | 'WRITE', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.settings.database, defaultAccessMode: neo4j.session[mode] });
    try {
      return await (mode === 'READ' ? session.executeRead(work) : session.executeWrite(work));
    } catch (err) {
      throw explain(err, this.settings);
    } finally {
      await session.close();
    }
  }

  /** True once the vector index exists (it is made with the first vector); remembered once true. */
  private async hasVectorIndex(): Promise<boolean> {
    if (!this.vectorIndexReady) {
      const result = await this.read((tx) => run(tx, 'vectorIndexExists'));
      this.vectorIndexReady = (result.records[0].get('n') as number) > 0;
    }
    return this.vectorIndexReady;
  }

  private async ensureVectorIndex(dimensions: number | undefined): Promise<void> {
    if (this.vectorIndexReady || !dimensions) return;
    await this.write((tx) => run(tx, 'createVectorIndex', { dimensions: neo4j.int(dimensions) }));
    this.vectorIndexReady = true;
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

  async writePapers(writes: PaperWrite[]): Promise<void> {
    for (const { paper } of writes) {
      if (typeof paper.title !== 'string' || typeof paper.abstract !== 'string') {
        throw new Error(`paper ${paper.id} needs a title and an abstract`);
      }
    }
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
    if (!rows.length) return;
    await this.write(async (tx) => {
      await run(tx, 'bumpPapersGeneration');
      await run(tx, 'upsertPapers', { rows });
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
      if (unknown) throw new Error(`cannot set the vector of unknown paper ${unknown.id}`);
      await run(tx, 'setVectors', { rows });
    });
  }

  async getPapers(ids: string[]): Promise<Map<string, Paper>> {
    const result = await this.read((tx) => run(tx, 'getPapers', { ids }));
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
      await run(tx, 'countPapers', filter),
      await run(tx, 'listPapers', { ...filter, after: options.after ?? null, limit: neo4j.int(options.first + 1) }),
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

  async searchText(query: string, k: number): Promise<ScoredId[]> {
    const words = queryWords(query);
    if (!words.length || k < 1) return [];
    // Each word quoted: Lucene syntax in user text stays literal.
    const lucene = words.map((w) => `"${w}"`).join(' OR ');
    const result = await this.read((tx) => run(tx, 'searchText', { query: lucene, limit: neo4j.int(k) }));
    return result.records.map((r) => ({ id: r.get('id'), score: r.get('score') }));
  }

  async nearestByVector(model: string, vector: Float32Array, k: number, excludeIds: string[] = []): Promise<ScoredId[]> {
    if (k < 1 || !(await this.hasVectorIndex())) return [];
    // The index knows nothing of models or exclusions: ask for enough candidates to filter them out.
    const candidates = (k + excludeIds.length) * 4;
    const result = await this.read((tx) =>
      run(tx, 'nearestByVector', {
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

  async paperKnowledge(ids?: string[]): Promise<StoredKnowledge[]> {
    const result = await this.read((tx) => run(tx, 'paperKnowledge', { ids: ids ?? null }));
    return result.records.map((r) => ({
      paperId: r.get('id'),
      year: r.get('year') ?? undefined,
      version: r.get('version'),
      knowledge: JSON.parse(r.get('knowledge')) as PaperKnowledge,
    }));
  }

  async corpusState(): Promise<CorpusState> {
    const result = await this.read((tx) => run(tx, 'corpusState'));
    const record = result.records[0];
    return { papersGeneration: record.get('papersGeneration'), corpusGeneration: record.get('corpusGeneration') };
  }

  async writeCorpusGraph(graph: CorpusGraph, generation: number): Promise<boolean> {
    const batches: [StatementName, object[]][] = [
      ['createConcepts', graph.concepts.map((c) => ({ ...c, paperCount: neo4j.int(c.paperCount), community: c.community === null ? null : neo4j.int(c.community) }))],
      ['createConceptAliases', graph.conceptAliases.map(([alias, concept]) => ({ alias, concept }))],
      ['createMentions', graph.mentions],
      ['createCooccurrences', graph.cooccurrences.map((e) => ({ ...e, count: neo4j.int(e.count) }))],
      ['createBroader', graph.broader],
      ['createMethods', graph.methods.map((m) => ({ ...m, paperCount: neo4j.int(m.paperCount) }))],
      ['createMethodAliases', graph.methodAliases.map(([alias, method]) => ({ alias, method }))],
      ['createRoles', graph.roles],
      ['createLineage', graph.lineage],
      ['createFilteredNames', graph.filtered.map((f) => ({ ...f, paperCount: neo4j.int(f.paperCount) }))],
    ];
    return this.write(async (tx) => {
      // Checked under the StoreState lock: of two concurrent rebuilds, an older snapshot never replaces a newer one.
      const locked = await run(tx, 'lockCorpusGeneration');
      if ((locked.records[0].get('corpusGeneration') as number) >= generation) return false;
      await run(tx, 'setCorpusGeneration', { generation: neo4j.int(generation) });
      await run(tx, 'deleteCorpusGraph');
      for (const [statement, rows] of batches) {
        for (let i = 0; i < rows.length; i += WRITE_BATCH) {
          await run(tx, statement, { rows: rows.slice(i, i + WRITE_BATCH) });
        }
      }
      return true;
    });
  }

  async filteredName(key: string): Promise<FilteredName | null> {
    const result = await this.read((tx) => run(tx, 'filteredName', { key }));
    return (result.records[0]?.get('filtered') as FilteredName | undefined) ?? null;
  }

  async resolveConcept(key: string): Promise<string | null> {
    const result = await this.read((tx) => run(tx, 'resolveConcept', { key }));
    return result.records[0]?.get('key') ?? null;
  }

  async resolveConcepts(keys: string[]): Promise<Map<string, string>> {
    const result = await this.read((tx) => run(tx, 'resolveConcepts', { keys }));
    return new Map(result.records.map((r) => [r.get('key') as string, r.get('resolved') as string]));
  }

  async getConcepts(keys: string[]): Promise<Map<string, ConceptNode>> {
    const result = await this.read((tx) => run(tx, 'getConcepts', { keys }));
    return new Map(result.records.map((r) => [r.get('concept').key as string, r.get('concept') as ConceptNode]));
  }

  async listConcepts(options: { first: number; after?: string; filter?: ConceptFilter }): Promise<Page<ConceptNode>> {
    const f = options.filter ?? {};
    const filter = {
      name: f.nameContains ?? null,
      kind: f.kind ?? null,
      community: f.community === undefined ? null : neo4j.int(f.community),
      minPapers: f.minPapers === undefined ? null : neo4j.int(f.minPapers),
    };
    return this.rankedPage('countConceptsFiltered', 'listConcepts', 'concept', filter, options);
  }

  /** A page ranked by paper count then key; the cursor is the last item's [paperCount, key]. */
  private async rankedPage<T extends { key: string; paperCount: number }>(
    countStatement: StatementName,
    listStatement: StatementName,
    column: string,
    filter: Record<string, unknown>,
    options: { first: number; after?: string },
  ): Promise<Page<T>> {
    const [afterCount, afterKey] = options.after ? (JSON.parse(options.after) as [number, string]) : [null, null];
    const [count, page] = await this.read(async (tx) => [
      await run(tx, countStatement, filter),
      await run(tx, listStatement, {
        ...filter,
        afterCount: afterCount === null ? null : neo4j.int(afterCount),
        afterKey,
        limit: neo4j.int(options.first + 1),
      }),
    ]);
    const items = page.records.slice(0, options.first).map((r) => r.get(column) as T);
    const cursors = items.map((item) => JSON.stringify([item.paperCount, item.key]));
    return {
      items,
      cursors,
      endCursor: cursors[cursors.length - 1] ?? null,
      hasNextPage: page.records.length > options.first,
      totalCount: count.records[0].get('total') as number,
    };
  }

  async conceptNeighbours(key: string, first: number): Promise<ConceptNeighbour[]> {
    const result = await this.read((tx) => run(tx, 'conceptNeighbours', { key, limit: neo4j.int(first) }));
    return result.records.map((r) => ({ key: r.get('key'), weight: r.get('weight'), cooccurrences: r.get('cooccurrences') }));
  }

  async conceptPapers(key: string, options: { first: number; after?: string }): Promise<Page<string>> {
    const [afterWeight, afterId] = options.after ? (JSON.parse(options.after) as [number, string]) : [null, null];
    const [count, page] = await this.read(async (tx) => [
      await run(tx, 'countConceptPapers', { key }),
      await run(tx, 'conceptPapers', { key, afterWeight, afterId, limit: neo4j.int(options.first + 1) }),
    ]);
    const rows = page.records.slice(0, options.first);
    const cursors = rows.map((r) => JSON.stringify([r.get('weight'), r.get('id')]));
    return {
      items: rows.map((r) => r.get('id') as string),
      cursors,
      endCursor: cursors[cursors.length - 1] ?? null,
      hasNextPage: page.records.length > options.first,
      totalCount: count.records[0].get('total') as number,
    };
  }

  async papersOfConcepts(keys: string[], perConcept: number): Promise<Map<string, string[]>> {
    if (perConcept < 1) return new Map();
    const result = await this.read((tx) => run(tx, 'papersOfConcepts', { keys, limit: neo4j.int(perConcept) }));
    return new Map(result.records.map((r) => [r.get('key') as string, r.get('ids') as string[]]));
  }

  async papersMentioningAll(keys: string[], first: number): Promise<string[]> {
    const result = await this.read((tx) =>
      run(tx, 'papersMentioningAll', { keys: [...new Set(keys)], limit: neo4j.int(first) }),
    );
    return result.records.map((r) => r.get('id') as string);
  }

  async paperConcepts(paperIds: string[]): Promise<Map<string, { concept: string; weight: number }[]>> {
    const out = new Map<string, { concept: string; weight: number }[]>(paperIds.map((id) => [id, []]));
    const result = await this.read((tx) => run(tx, 'paperConcepts', { ids: paperIds }));
    for (const r of result.records) out.get(r.get('id'))?.push({ concept: r.get('concept'), weight: r.get('weight') });
    return out;
  }

  async conceptHierarchy(key: string, direction: 'broader' | 'narrower'): Promise<string[]> {
    const statement = direction === 'broader' ? 'broaderConcepts' : 'narrowerConcepts';
    const result = await this.read((tx) => run(tx, statement, { key }));
    return result.records.map((r) => r.get('key') as string);
  }

  async resolveMethod(key: string): Promise<string | null> {
    const result = await this.read((tx) => run(tx, 'resolveMethod', { key }));
    return result.records[0]?.get('key') ?? null;
  }

  async resolveMethods(keys: string[]): Promise<Map<string, string>> {
    const result = await this.read((tx) => run(tx, 'resolveMethods', { keys }));
    return new Map(result.records.map((r) => [r.get('key') as string, r.get('resolved') as string]));
  }

  async getMethods(keys: string[]): Promise<Map<string, MethodNode>> {
    const result = await this.read((tx) => run(tx, 'getMethods', { keys }));
    return new Map(result.records.map((r) => [r.get('method').key as string, r.get('method') as MethodNode]));
  }

  async listMethods(options: {
    first: number;
    after?: string;
    filter?: { nameContains?: string };
  }): Promise<Page<MethodNode>> {
    const filter = { name: options.filter?.nameContains ?? null };
    return this.rankedPage('countMethodsFiltered', 'listMethods', 'method', filter, options);
  }

  async methodRoles(methodKeys: string[]): Promise<PaperMethodRole[]> {
    const result = await this.read((tx) => run(tx, 'methodRoles', { keys: methodKeys }));
    return result.records.map((r) => r.toObject() as PaperMethodRole);
  }

  async paperMethods(paperIds: string[]): Promise<PaperMethodRole[]> {
    const result = await this.read((tx) => run(tx, 'paperMethods', { ids: paperIds }));
    return result.records.map((r) => r.toObject() as PaperMethodRole);
  }

  async lineageEdges(methodKeys: string[], direction: 'parents' | 'children'): Promise<LineageEdge[]> {
    const statement = direction === 'parents' ? 'lineageParents' : 'lineageChildren';
    const result = await this.read((tx) => run(tx, statement, { keys: methodKeys }));
    return result.records.map((r) => r.toObject() as LineageEdge);
  }

  /** Deletes every paper and the corpus graph: for the contract suite's clean-up only. */
  async deleteAll(): Promise<void> {
    await this.write((tx) => run(tx, 'deleteAll'));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
