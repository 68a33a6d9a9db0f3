import neo4j, { type ManagedTransaction, type Record as Neo4jRecord } from 'neo4j-driver';
import type { ConceptNeighbour, ConceptNode, LineageEdge, MethodNode, PaperKnowledge, PaperMethodRole } from '../../src/domain';
import type { MentionRow, Rows } from '../base';
import type { RankPosition } from '../page';
import {
  npmi,
  type CommunitiesState,
  type CommunityInput,
  type ConceptFilter,
  type CorpusGraph,
  type CorpusGraphChanges,
  type CorpusState,
  type CorpusTables,
  type FilteredName,
  type KnowledgeSince,
  type StoredKnowledge,
} from '../store';
import { Neo4jConnection, run } from './connection';
import type { StatementName } from './statements';

/** Rows per UNWIND statement when writing the corpus graph. */
const WRITE_BATCH = 5000;

type Batch = [StatementName, object[]];

/** Each part of the corpus graph as the rows its statements take. */
const parameters: { [T in keyof CorpusTables]: (rows: CorpusTables[T]) => object[] } = {
  concepts: (rows) => rows.map((c) => ({ ...c, paperCount: neo4j.int(c.paperCount) })),
  conceptAliases: (rows) => rows.map(([alias, concept]) => ({ alias, concept })),
  mentions: (rows) => rows,
  cooccurrences: (rows) => rows.map((e) => ({ ...e, count: neo4j.int(e.count) })),
  broader: (rows) => rows,
  methods: (rows) => rows.map((m) => ({ ...m, paperCount: neo4j.int(m.paperCount) })),
  methodAliases: (rows) => rows.map(([alias, method]) => ({ alias, method })),
  roles: (rows) => rows,
  lineage: (rows) => rows,
  filtered: (rows) => rows.map((f) => ({ ...f, paperCount: neo4j.int(f.paperCount) })),
};

/** The statements that create the parts of the corpus graph after its concepts, in order (ends before edges). */
const CREATE: [StatementName, Exclude<keyof CorpusTables, 'concepts'>][] = [
  ['createConceptAliases', 'conceptAliases'],
  ['createMentions', 'mentions'],
  ['createCooccurrences', 'cooccurrences'],
  ['createBroader', 'broader'],
  ['createMethods', 'methods'],
  ['createMethodAliases', 'methodAliases'],
  ['createRoles', 'roles'],
  ['createLineage', 'lineage'],
  ['createFilteredNames', 'filtered'],
];

/** Runs each statement over its rows, WRITE_BATCH rows at a time. */
async function batched(tx: ManagedTransaction, batches: Batch[]): Promise<void> {
  for (const [statement, rows] of batches) {
    for (let i = 0; i < rows.length; i += WRITE_BATCH) await run(tx, statement, { rows: rows.slice(i, i + WRITE_BATCH) });
  }
}

/** Every concept's stored community, by key (concepts without one are absent). */
async function storedCommunities(tx: ManagedTransaction): Promise<Map<string, number>> {
  const result = await run(tx, 'storedCommunities');
  return new Map(result.records.map((r) => [r.get('key') as string, r.get('community') as number]));
}

/** Stamps the communities as computed from `generation`, now; `changed`: a community changed (the content version moves). */
async function stampCommunities(tx: ManagedTransaction, generation: number, changed: boolean): Promise<void> {
  await run(tx, 'stampCommunities', { generation: neo4j.int(generation), updatedAt: neo4j.int(Date.now()), changed: neo4j.int(changed ? 1 : 0) });
}

function toKnowledge(r: Neo4jRecord): StoredKnowledge {
  return {
    paperId: r.get('id'),
    year: r.get('year') ?? undefined,
    version: r.get('version'),
    knowledge: JSON.parse(r.get('knowledge')) as PaperKnowledge,
  };
}

/** The Neo4j store's knowledge graph: each paper's knowledge and the corpus graph built from it. */
export abstract class Neo4jKnowledge extends Neo4jConnection {
  async paperKnowledge(ids?: string[]): Promise<StoredKnowledge[]> {
    const result = await this.read((tx) => run(tx, 'paperKnowledge', { ids: ids ?? null }));
    return result.records.map(toKnowledge);
  }

  async knowledgeSince(since: number): Promise<KnowledgeSince> {
    return this.read(async (tx) => {
      const papers = await run(tx, 'knowledgeSince', { generation: neo4j.int(since) });
      const total = await run(tx, 'countKnowledge');
      return { papers: papers.records.map(toKnowledge), total: total.records[0].get('n') as number };
    });
  }

  async knowledgeIds(): Promise<string[]> {
    const result = await this.read((tx) => run(tx, 'knowledgeIds'));
    return result.records.map((r) => r.get('id') as string);
  }

  async corpusState(): Promise<CorpusState> {
    const result = await this.read((tx) => run(tx, 'corpusState'));
    const record = result.records[0];
    return { papersGeneration: record.get('papersGeneration'), corpusGeneration: record.get('corpusGeneration') };
  }

  async invalidateCorpusGraph(): Promise<void> {
    await this.write((tx) => run(tx, 'bumpPapersGeneration'));
  }

  async writeCorpusGraph(graph: CorpusGraph, generation: number): Promise<boolean> {
    return this.write(async (tx) => {
      // Checked under the StoreState lock: of two concurrent rebuilds, an older snapshot never replaces a newer one.
      const locked = await run(tx, 'lockCorpusGeneration');
      if ((locked.records[0].get('corpusGeneration') as number) >= generation) return false;
      await run(tx, 'setCorpusGeneration', { generation: neo4j.int(generation), documents: neo4j.int(graph.documents) });
      // Unless the graph brings its own, each concept keeps the community stored under its key.
      const communities = graph.communities ?? (await storedCommunities(tx));
      await run(tx, 'deleteCorpusGraph');
      const community = (key: string) => (communities.has(key) ? neo4j.int(communities.get(key)!) : null);
      await batched(tx, [
        ['createConcepts', parameters.concepts(graph.concepts).map((c) => ({ ...c, community: community((c as { key: string }).key) }))],
        ...CREATE.map(([statement, name]) => [statement, parameters[name](graph[name] as never)] as Batch),
      ]);
      if (graph.communities) await stampCommunities(tx, generation, true);
      return true;
    });
  }

  async communitiesState(): Promise<CommunitiesState> {
    const result = await this.read((tx) => run(tx, 'communitiesState'));
    const record = result.records[0];
    const at = record.get('updatedAt') as number | null;
    return { generation: record.get('generation'), updatedAt: at === null ? null : new Date(at).toISOString() };
  }

  async communityInput(minNpmi: number): Promise<CommunityInput> {
    return this.read(async (tx) => {
      const state = (await run(tx, 'corpusState')).records[0];
      const edges = (await run(tx, 'communityEdges')).records
        .map((r) => {
          const count = r.get('count') as number;
          const weight = npmi(count, r.get('aPapers') as number, r.get('bPapers') as number, r.get('documents') as number);
          return { a: r.get('a') as string, b: r.get('b') as string, count, npmi: weight };
        })
        .filter((e) => e.npmi >= minNpmi);
      return { generation: state.get('corpusGeneration') as number, edges, communities: await storedCommunities(tx) };
    });
  }

  async writeCommunities(assignments: [string, number | null][], generation: number): Promise<boolean> {
    const rows = assignments.map(([key, community]) => ({ key, community: community === null ? null : neo4j.int(community) }));
    return this.write(async (tx) => {
      const stored = (await run(tx, 'lockCommunities')).records[0].get('generation') as number | null;
      if (stored !== null && stored > generation) return false;
      let changed = 0;
      for (let i = 0; i < rows.length; i += WRITE_BATCH) {
        const result = await run(tx, 'setCommunities', { rows: rows.slice(i, i + WRITE_BATCH) });
        changed += result.records[0].get('changed') as number;
      }
      await stampCommunities(tx, generation, changed > 0);
      return true;
    });
  }

  async writeCorpusChanges(changes: CorpusGraphChanges, base: number, generation: number): Promise<boolean> {
    // A row that is replaced is removed by its key first, except concept and method nodes: updated in place, they
    // keep their relationships.
    const gone = <T extends keyof CorpusTables>(name: T) => parameters[name]([...changes[name].remove, ...changes[name].put] as never);
    return this.write(async (tx) => {
      const locked = await run(tx, 'lockCorpusGeneration');
      if ((locked.records[0].get('corpusGeneration') as number) !== base || base >= generation) return false;
      await run(tx, 'setCorpusGeneration', { generation: neo4j.int(generation), documents: neo4j.int(changes.documents) });
      await batched(tx, [
        ['deleteMentions', gone('mentions')],
        ['deleteCooccurrences', gone('cooccurrences')],
        ['deleteBroader', gone('broader')],
        ['deleteRoles', gone('roles')],
        ['deleteLineage', gone('lineage')],
        ['deleteConceptAliases', gone('conceptAliases')],
        ['deleteMethodAliases', gone('methodAliases')],
        ['deleteFilteredNames', gone('filtered')],
        ['deleteConcepts', parameters.concepts(changes.concepts.remove)],
        ['deleteMethods', parameters.methods(changes.methods.remove)],
        ['mergeConcepts', parameters.concepts(changes.concepts.put)],
        ['mergeMethods', parameters.methods(changes.methods.put)],
        ...CREATE.filter(([statement]) => statement !== 'createMethods').map(
          ([statement, name]) => [statement, parameters[name](changes[name].put as never)] as Batch,
        ),
      ]);
      return true;
    });
  }

  async filteredName(key: string): Promise<FilteredName | null> {
    const result = await this.read((tx) => run(tx, 'filteredName', { key }));
    return (result.records[0]?.get('filtered') as FilteredName | undefined) ?? null;
  }

  async resolveConcepts(keys: string[]): Promise<Map<string, string>> {
    return this.resolveMany('resolveConcepts', keys);
  }

  async resolveMethods(keys: string[]): Promise<Map<string, string>> {
    return this.resolveMany('resolveMethods', keys);
  }

  /** Keys or alias keys to canonical keys, by one of the resolve statements. */
  private async resolveMany(statement: 'resolveConcepts' | 'resolveMethods', keys: string[]): Promise<Map<string, string>> {
    const result = await this.read((tx) => run(tx, statement, { keys }));
    return new Map(result.records.map((r) => [r.get('key') as string, r.get('resolved') as string]));
  }

  async getConcepts(keys: string[]): Promise<Map<string, ConceptNode>> {
    return this.nodes<ConceptNode>('getConcepts', 'concept', keys);
  }

  async getMethods(keys: string[]): Promise<Map<string, MethodNode>> {
    return this.nodes<MethodNode>('getMethods', 'method', keys);
  }

  /** Concept or method nodes by key. */
  private async nodes<T extends { key: string }>(
    statement: 'getConcepts' | 'getMethods',
    column: 'concept' | 'method',
    keys: string[],
  ): Promise<Map<string, T>> {
    const result = await this.read((tx) => run(tx, statement, { keys }));
    return new Map(result.records.map((r) => [(r.get(column) as T).key, r.get(column) as T]));
  }

  protected async conceptRows(f: ConceptFilter, after: RankPosition | undefined, limit: number): Promise<Rows<ConceptNode>> {
    const filter = {
      name: f.nameContains ?? null,
      kind: f.kind ?? null,
      community: f.community === undefined ? null : neo4j.int(f.community),
      minPapers: f.minPapers === undefined ? null : neo4j.int(f.minPapers),
    };
    return this.rankedRows('countConceptsFiltered', 'listConcepts', 'concept', filter, after, limit);
  }

  /** Rows ranked by paper count then key, after a rank position. */
  private async rankedRows<T>(
    countStatement: StatementName,
    listStatement: StatementName,
    column: 'concept' | 'method',
    filter: Record<string, unknown>,
    after: RankPosition | undefined,
    limit: number,
  ): Promise<Rows<T>> {
    const [afterCount, afterKey] = after ?? [null, null];
    const [count, page] = await this.read(async (tx) => [
      await run(tx, countStatement, filter),
      await run(tx, listStatement, {
        ...filter,
        afterCount: afterCount === null ? null : neo4j.int(afterCount),
        afterKey,
        limit: neo4j.int(limit),
      }),
    ]);
    return { rows: page.records.map((r) => r.get(column) as T), totalCount: count.records[0].get('total') as number };
  }

  async conceptNeighbours(key: string, first: number): Promise<ConceptNeighbour[]> {
    const result = await this.read((tx) => run(tx, 'conceptNeighbours', { key, limit: neo4j.int(first) }));
    return result.records.map((r) => ({ key: r.get('key'), weight: r.get('weight'), cooccurrences: r.get('cooccurrences') }));
  }

  protected async mentionRows(key: string, after: RankPosition | undefined, limit: number): Promise<Rows<MentionRow>> {
    const [afterWeight, afterId] = after ?? [null, null];
    const [count, page] = await this.read(async (tx) => [
      await run(tx, 'countConceptPapers', { key }),
      await run(tx, 'conceptPapers', { key, afterWeight, afterId, limit: neo4j.int(limit) }),
    ]);
    const rows = page.records.map((r) => ({ paperId: r.get('id') as string, concept: key, weight: r.get('weight') as number }));
    return { rows, totalCount: count.records[0].get('total') as number };
  }

  protected async topMentions(keys: string[], perConcept: number): Promise<MentionRow[]> {
    const result = await this.read((tx) => run(tx, 'papersOfConcepts', { keys, limit: neo4j.int(perConcept) }));
    return result.records.map((r) => ({ paperId: r.get('id') as string, concept: r.get('key') as string, weight: r.get('weight') as number }));
  }

  protected async papersMentioningEvery(keys: string[], first: number): Promise<string[]> {
    const result = await this.read((tx) => run(tx, 'papersMentioningAll', { keys, limit: neo4j.int(first) }));
    return result.records.map((r) => r.get('id') as string);
  }

  protected async paperMentions(paperIds: string[]): Promise<MentionRow[]> {
    const result = await this.read((tx) => run(tx, 'paperConcepts', { ids: paperIds }));
    return result.records.map((r) => ({ paperId: r.get('id'), concept: r.get('concept'), weight: r.get('weight') }));
  }

  async conceptHierarchy(key: string, direction: 'broader' | 'narrower'): Promise<string[]> {
    const statement = direction === 'broader' ? 'broaderConcepts' : 'narrowerConcepts';
    const result = await this.read((tx) => run(tx, statement, { key }));
    return result.records.map((r) => r.get('key') as string);
  }

  protected async methodRows(nameContains: string | undefined, after: RankPosition | undefined, limit: number): Promise<Rows<MethodNode>> {
    return this.rankedRows('countMethodsFiltered', 'listMethods', 'method', { name: nameContains ?? null }, after, limit);
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
}
