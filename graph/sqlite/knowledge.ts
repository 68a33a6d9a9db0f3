import type Database from 'better-sqlite3';
import type { ConceptNeighbour, ConceptNode, LineageEdge, MethodNode, PaperKnowledge, PaperMethodRole } from '../../src/domain';
import { BaseGraphStore, type MentionRow, type Rows } from '../base';
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
import { ReadCache } from './cache';
import {
  fold,
  NAME_CONTAINS,
  pagedRows,
  Where,
  toConcept,
  toLineage,
  toMethod,
  toRole,
  type ConceptRow,
  type LineageRow,
  type MethodRow,
  type RoleRow,
} from './rows';

interface CorpusTable {
  table: string;
  /** The key columns first: a row's key is its first `key.length` values. */
  columns: string[];
  key: string[];
}

/** The table of each part of the corpus graph (`writeCorpusGraph` empties and refills them all). */
const CORPUS_TABLES: Record<keyof CorpusTables, CorpusTable> = {
  // Without their community: ingest/communities.ts writes it (writeCommunities), an update keeps it.
  concepts: { table: 'concepts', key: ['key'], columns: ['key', 'name', 'aliases', 'kind', 'paper_count', 'broad'] },
  filtered: { table: 'filtered_names', key: ['key'], columns: ['key', 'reason', 'paper_count'] },
  conceptAliases: { table: 'concept_aliases', key: ['alias'], columns: ['alias', 'concept'] },
  mentions: { table: 'concept_mentions', key: ['concept', 'paper_id'], columns: ['concept', 'paper_id', 'weight'] },
  cooccurrences: { table: 'concept_cooccurrences', key: ['a', 'b'], columns: ['a', 'b', 'count'] },
  broader: { table: 'concept_broader', key: ['narrower'], columns: ['narrower', 'broader'] },
  methods: { table: 'methods', key: ['key'], columns: ['key', 'name', 'aliases', 'paper_count'] },
  methodAliases: { table: 'method_aliases', key: ['alias'], columns: ['alias', 'method'] },
  roles: { table: 'method_roles', key: ['method', 'paper_id', 'role'], columns: ['method', 'paper_id', 'role', 'evidence'] },
  lineage: {
    table: 'lineage',
    key: ['child', 'parent', 'relation', 'paper_id'],
    columns: ['child', 'parent', 'relation', 'paper_id', 'evidence', 'confidence'],
  },
};

type Row<T extends keyof CorpusTables> = CorpusTables[T][number];
type SqlValue = string | number | null;

/** A row's values in the order of its table's columns. */
const CORPUS_ROWS: { [T in keyof CorpusTables]: (row: Row<T>) => SqlValue[] } = {
  concepts: (c) => [c.key, c.name, JSON.stringify(c.aliases), c.kind, c.paperCount, c.broad ? 1 : 0],
  filtered: (f) => [f.key, f.reason, f.paperCount],
  conceptAliases: ([alias, concept]) => [alias, concept],
  mentions: (m) => [m.concept, m.paperId, m.weight],
  cooccurrences: (e) => [e.a, e.b, e.count],
  broader: (b) => [b.narrower, b.broader],
  methods: (m) => [m.key, m.name, JSON.stringify(m.aliases), m.paperCount],
  methodAliases: ([alias, method]) => [alias, method],
  roles: (r) => [r.method, r.paperId, r.role, r.evidence],
  lineage: (l) => [l.child, l.parent, l.relation, l.paperId, l.evidence, l.confidence],
};

interface KnowledgeRow {
  id: string;
  year: number | null;
  knowledge: string;
  version: string;
}

function toKnowledge(r: KnowledgeRow): StoredKnowledge {
  return { paperId: r.id, year: r.year ?? undefined, version: r.version, knowledge: JSON.parse(r.knowledge) as PaperKnowledge };
}

/** The embedded store's knowledge graph: each paper's knowledge and the corpus graph built from it. */
export abstract class SqliteKnowledge extends BaseGraphStore {
  /** Parsed rows kept until the database changes: nodes, each paper's mentions and roles (see ReadCache). */
  protected readonly cache: ReadCache;

  constructor(protected readonly db: Database.Database) {
    super();
    this.cache = new ReadCache(db);
    // Co-occurrences are stored as counts: their weight is computed as they are read (graph/store.ts, CorpusTables).
    db.function('npmi', { deterministic: true }, (count, a, b, documents) =>
      npmi(Number(count), Number(a), Number(b), Number(documents)),
    );
  }

  async paperKnowledge(ids?: string[]): Promise<StoredKnowledge[]> {
    return this.db
      .prepare<[string | null, string | null], KnowledgeRow>(
        `SELECT id, year, knowledge, knowledge_version AS version FROM papers
         WHERE knowledge IS NOT NULL AND (? IS NULL OR id IN (SELECT value FROM json_each(?))) ORDER BY id`,
      )
      .all(ids ? JSON.stringify(ids) : null, ids ? JSON.stringify(ids) : null)
      .map(toKnowledge);
  }

  async knowledgeSince(since: number): Promise<KnowledgeSince> {
    // One read transaction: the papers and the total from the same snapshot. Every paper (`since` below any
    // generation) is read in key order, not through the generation index: that would visit the rows out of order.
    // The papers written since a generation are found through that index and then sorted (`+id`): read in key order,
    // every row would be visited to test its generation.
    const [which, order] = since < 0 ? ['+generation', 'id'] : ['generation', '+id'];
    return this.db.transaction(() => ({
      papers: this.db
        .prepare<[number], KnowledgeRow>(
          `SELECT id, year, knowledge, knowledge_version AS version FROM papers
           WHERE ${which} > ? AND knowledge IS NOT NULL ORDER BY ${order}`,
        )
        .all(since)
        .map(toKnowledge),
      total: this.db.prepare(`SELECT count(*) FROM papers WHERE knowledge IS NOT NULL`).pluck().get() as number,
    }))();
  }

  async knowledgeIds(): Promise<string[]> {
    return this.db.prepare(`SELECT id FROM papers WHERE knowledge IS NOT NULL ORDER BY id`).pluck().all() as string[];
  }

  async corpusState(): Promise<CorpusState> {
    const rows = this.db.prepare<[], { key: string; value: number }>(`SELECT key, value FROM store_state`).all();
    const value = (key: string) => rows.find((r) => r.key === key)!.value;
    return { papersGeneration: value('papers_generation'), corpusGeneration: value('corpus_generation') };
  }

  async invalidateCorpusGraph(): Promise<void> {
    this.db.prepare(`UPDATE store_state SET value = value + 1 WHERE key = 'papers_generation'`).run();
  }

  async writeCorpusGraph(graph: CorpusGraph, generation: number): Promise<boolean> {
    const db = this.db;
    // IMMEDIATE: the write lock is taken before the generation is read, so two rebuilds cannot both pass the check.
    return db.transaction(() => {
      const stored = db.prepare(`SELECT value FROM store_state WHERE key = 'corpus_generation'`).pluck().get() as number;
      if (stored >= generation) return false;
      this.setCorpusState(generation, graph.documents);
      // Unless the graph brings its own, each concept keeps the community stored under its key.
      const communities =
        graph.communities ??
        new Map(
          db
            .prepare<[], { key: string; community: number }>(`SELECT key, community FROM concepts WHERE community IS NOT NULL`)
            .all()
            .map((r) => [r.key, r.community]),
        );
      for (const { table } of Object.values(CORPUS_TABLES)) db.exec(`DELETE FROM ${table}`);
      this.putCorpusRows(graph);
      const set = db.prepare(`UPDATE concepts SET community = ? WHERE key = ?`);
      for (const [key, community] of communities) set.run(community, key);
      if (graph.communities) this.stampCommunities(generation, true);
      return true;
    }).immediate();
  }

  async communitiesState(): Promise<CommunitiesState> {
    const rows = this.db
      .prepare<[], { key: string; value: number }>(
        `SELECT key, value FROM store_state WHERE key IN ('communities_generation', 'communities_updated_at')`,
      )
      .all();
    const value = (key: string) => rows.find((r) => r.key === key)?.value ?? null;
    const at = value('communities_updated_at');
    return { generation: value('communities_generation'), updatedAt: at === null ? null : new Date(at).toISOString() };
  }

  async communityInput(minNpmi: number): Promise<CommunityInput> {
    // One read transaction: the edges, the communities and the generation of the same graph.
    return this.db.transaction(() => ({
      generation: this.db.prepare(`SELECT value FROM store_state WHERE key = 'corpus_generation'`).pluck().get() as number,
      edges: this.db
        .prepare<[number], CommunityInput['edges'][number]>(
          `SELECT * FROM (
             SELECT e.a, e.b, e.count, npmi(e.count, ca.paper_count, cb.paper_count, documents.value) AS npmi
             FROM concept_cooccurrences e JOIN concepts ca ON ca.key = e.a JOIN concepts cb ON cb.key = e.b
               JOIN store_state documents ON documents.key = 'corpus_documents')
           WHERE npmi >= ?`,
        )
        .all(minNpmi),
      communities: new Map(
        this.db
          .prepare<[], { key: string; community: number }>(`SELECT key, community FROM concepts WHERE community IS NOT NULL`)
          .all()
          .map((r) => [r.key, r.community]),
      ),
    }))();
  }

  async writeCommunities(assignments: [string, number | null][], generation: number): Promise<boolean> {
    const db = this.db;
    const set = db.prepare(`UPDATE concepts SET community = ? WHERE key = ? AND community IS NOT ?`);
    return db.transaction(() => {
      const stored = db.prepare(`SELECT value FROM store_state WHERE key = 'communities_generation'`).pluck().get() as number | undefined;
      if (stored !== undefined && stored > generation) return false;
      let changed = 0;
      for (const [key, community] of assignments) changed += set.run(community, key, community).changes;
      this.stampCommunities(generation, changed > 0);
      return true;
    }).immediate();
  }

  /** Stamps the communities as computed from `generation`, now; `changed`: a community changed (the content version moves). */
  private stampCommunities(generation: number, changed: boolean): void {
    const put = this.db.prepare(`INSERT OR REPLACE INTO store_state (key, value) VALUES (?, ?)`);
    put.run('communities_generation', generation);
    put.run('communities_updated_at', Date.now());
    if (changed) this.db.prepare(`UPDATE store_state SET value = value + 1 WHERE key = 'communities_writes'`).run();
  }

  async writeCorpusChanges(changes: CorpusGraphChanges, base: number, generation: number): Promise<boolean> {
    const db = this.db;
    return db.transaction(() => {
      const stored = db.prepare(`SELECT value FROM store_state WHERE key = 'corpus_generation'`).pluck().get() as number;
      if (stored !== base || base >= generation) return false;
      this.setCorpusState(generation, changes.documents);
      for (const [name, { table, key }] of Object.entries(CORPUS_TABLES) as [keyof CorpusTables, CorpusTable][]) {
        const remove = db.prepare(`DELETE FROM ${table} WHERE ${key.map((k) => `${k} = ?`).join(' AND ')}`);
        for (const row of changes[name].remove) remove.run(...CORPUS_ROWS[name](row as never).slice(0, key.length));
      }
      this.putCorpusRows(
        Object.fromEntries((Object.keys(CORPUS_TABLES) as (keyof CorpusTables)[]).map((name) => [name, changes[name].put])) as unknown as CorpusTables,
        true,
      );
      return true;
    }).immediate();
  }

  /** The generation the stored corpus graph was built from, and its number of papers. */
  private setCorpusState(generation: number, documents: number): void {
    const set = this.db.prepare(`UPDATE store_state SET value = ? WHERE key = ?`);
    set.run(generation, 'corpus_generation');
    set.run(documents, 'corpus_documents');
  }

  /**
   * Inserts the rows of a corpus graph, or with `replace` updates the rows with the same keys (in place: a concept
   * keeps its community).
   */
  private putCorpusRows(graph: CorpusTables, replace = false): void {
    for (const [name, { table, columns, key }] of Object.entries(CORPUS_TABLES) as [keyof CorpusTables, CorpusTable][]) {
      const upsert = replace
        ? ` ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns.slice(key.length).map((c) => `${c} = excluded.${c}`).join(', ')}`
        : '';
      const insert = this.db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${upsert}`,
      );
      for (const row of graph[name]) insert.run(...CORPUS_ROWS[name](row as never));
    }
  }

  async filteredName(key: string): Promise<FilteredName | null> {
    const row = this.db
      .prepare<[string], { key: string; reason: string; paper_count: number }>(`SELECT * FROM filtered_names WHERE key = ?`)
      .get(key);
    return row ? { key: row.key, reason: row.reason, paperCount: row.paper_count } : null;
  }

  async resolveConcepts(keys: string[]): Promise<Map<string, string>> {
    return this.resolveMany(keys, 'concepts', 'concept_aliases', 'concept');
  }

  async resolveMethods(keys: string[]): Promise<Map<string, string>> {
    return this.resolveMany(keys, 'methods', 'method_aliases', 'method');
  }

  /** Keys or alias keys of `table` to canonical keys in one query: a node's own key first, else its alias. */
  private resolveMany(keys: string[], table: string, aliases: string, column: string): Map<string, string> {
    const rows = this.db
      .prepare<[string, string], { asked: string; key: string }>(
        `SELECT key AS asked, key, 1 AS own FROM ${table} WHERE key IN (SELECT value FROM json_each(?))
         UNION ALL SELECT alias AS asked, ${column} AS key, 0 AS own FROM ${aliases}
           WHERE alias IN (SELECT value FROM json_each(?))
         ORDER BY own`,
      )
      .all(JSON.stringify(keys), JSON.stringify(keys));
    return new Map(rows.map((r) => [r.asked, r.key]));
  }

  async getConcepts(keys: string[]): Promise<Map<string, ConceptNode>> {
    return present(
      this.cache.many('concepts', keys, (missing) => {
        const rows = this.db
          .prepare<[string], ConceptRow>(`SELECT * FROM concepts WHERE key IN (SELECT value FROM json_each(?))`)
          .all(JSON.stringify(missing));
        return new Map(rows.map((r) => [r.key, toConcept(r)]));
      }),
    );
  }

  async getMethods(keys: string[]): Promise<Map<string, MethodNode>> {
    return present(
      this.cache.many('methods', keys, (missing) => {
        const rows = this.db
          .prepare<[string], MethodRow>(`SELECT * FROM methods WHERE key IN (SELECT value FROM json_each(?))`)
          .all(JSON.stringify(missing));
        return new Map(rows.map((r) => [r.key, toMethod(r)]));
      }),
    );
  }

  protected async conceptRows(f: ConceptFilter, after: RankPosition | undefined, limit: number): Promise<Rows<ConceptNode>> {
    const where = new Where()
      .add(NAME_CONTAINS, 'name', f.nameContains === undefined ? undefined : fold(f.nameContains))
      .add('kind = @kind', 'kind', f.kind)
      .add('community = @community', 'community', f.community)
      .add('paper_count >= @minPapers', 'minPapers', f.minPapers);
    return this.rankedRows<ConceptRow, ConceptNode>('concepts', where, after, limit, toConcept);
  }

  protected async methodRows(nameContains: string | undefined, after: RankPosition | undefined, limit: number): Promise<Rows<MethodNode>> {
    const where = new Where().add(NAME_CONTAINS, 'name', nameContains === undefined ? undefined : fold(nameContains));
    return this.rankedRows<MethodRow, MethodNode>('methods', where, after, limit, toMethod);
  }

  /** Rows of a table ranked by paper_count (most first) then key, after a rank position. */
  private rankedRows<Row, T>(
    table: 'concepts' | 'methods',
    where: Where,
    after: RankPosition | undefined,
    limit: number,
    convert: (row: Row) => T,
  ): Rows<T> {
    const position = after && {
      condition: '(paper_count < @afterCount OR (paper_count = @afterCount AND key > @afterKey))',
      params: { afterCount: after[0], afterKey: after[1] },
    };
    return pagedRows(this.db, { table, columns: '*', where, order: 'paper_count DESC, key' }, position, limit, convert);
  }

  async conceptNeighbours(key: string, first: number): Promise<ConceptNeighbour[]> {
    return this.db
      .prepare<{ key: string; first: number }, ConceptNeighbour>(
        `WITH pairs AS (
           SELECT b AS key, count FROM concept_cooccurrences WHERE a = @key
           UNION ALL
           SELECT a AS key, count FROM concept_cooccurrences WHERE b = @key)
         SELECT pairs.key, npmi(count, self.paper_count, other.paper_count, documents.value) AS weight, count AS cooccurrences
         FROM pairs JOIN concepts other ON other.key = pairs.key JOIN concepts self ON self.key = @key
           JOIN store_state documents ON documents.key = 'corpus_documents'
         ORDER BY weight DESC, cooccurrences DESC, pairs.key LIMIT @first`,
      )
      .all({ key, first });
  }

  protected async mentionRows(key: string, after: RankPosition | undefined, limit: number): Promise<Rows<MentionRow>> {
    const where = new Where().add('concept = @concept', 'concept', key);
    const position = after && {
      condition: '(weight < @afterWeight OR (weight = @afterWeight AND paper_id > @afterId))',
      params: { afterWeight: after[0], afterId: after[1] },
    };
    const query = { table: 'concept_mentions', columns: 'paper_id AS paperId, concept, weight', where, order: 'weight DESC, paper_id' };
    return pagedRows(this.db, query, position, limit, (row: MentionRow) => row);
  }

  protected async topMentions(keys: string[], perConcept: number): Promise<MentionRow[]> {
    return this.db
      .prepare<[string, number], MentionRow>(
        `SELECT paperId, concept, weight FROM (
           SELECT paper_id AS paperId, concept, weight,
                  row_number() OVER (PARTITION BY concept ORDER BY weight DESC, paper_id) AS position
           FROM concept_mentions WHERE concept IN (SELECT value FROM json_each(?)))
         WHERE position <= ? ORDER BY concept, position`,
      )
      .all(JSON.stringify(keys), perConcept);
  }

  protected async papersMentioningEvery(keys: string[], first: number): Promise<string[]> {
    return this.db
      .prepare<[string, number, number], { paper_id: string }>(
        `SELECT paper_id FROM concept_mentions WHERE concept IN (SELECT value FROM json_each(?))
         GROUP BY paper_id HAVING count(*) = ? ORDER BY sum(weight) DESC, paper_id LIMIT ?`,
      )
      .all(JSON.stringify(keys), keys.length, first)
      .map((r) => r.paper_id);
  }

  protected async paperMentions(paperIds: string[]): Promise<MentionRow[]> {
    const perPaper = this.cache.many('mentions', paperIds, (missing) => {
      const rows = this.db
        .prepare<[string], MentionRow>(
          `SELECT paper_id AS paperId, concept, weight FROM concept_mentions
           WHERE paper_id IN (SELECT value FROM json_each(?)) ORDER BY weight DESC, concept`,
        )
        .all(JSON.stringify(missing));
      return groupBy(rows, (r) => r.paperId);
    });
    return [...perPaper.values()].flatMap((rows) => rows ?? []);
  }

  async conceptHierarchy(key: string, direction: 'broader' | 'narrower'): Promise<string[]> {
    const sql =
      direction === 'broader'
        ? `SELECT broader AS key FROM concept_broader WHERE narrower = ? ORDER BY key`
        : `SELECT narrower AS key FROM concept_broader WHERE broader = ? ORDER BY key`;
    return this.db
      .prepare<[string], { key: string }>(sql)
      .all(key)
      .map((r) => r.key);
  }

  async methodRoles(methodKeys: string[]): Promise<PaperMethodRole[]> {
    return this.roles('method', methodKeys, 'method, paper_id, role');
  }

  async paperMethods(paperIds: string[]): Promise<PaperMethodRole[]> {
    const ids = [...new Set(paperIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const perPaper = this.cache.many('roles', ids, (missing) =>
      groupBy(this.roles('paper_id', missing, 'paper_id, role, method'), (r) => r.paperId),
    );
    return [...perPaper.values()].flatMap((roles) => roles ?? []);
  }

  /** Roles whose `column` is one of `values`, in `order`. */
  private roles(column: 'method' | 'paper_id', values: string[], order: string): PaperMethodRole[] {
    return this.db
      .prepare<[string], RoleRow>(`SELECT * FROM method_roles WHERE ${column} IN (SELECT value FROM json_each(?)) ORDER BY ${order}`)
      .all(JSON.stringify(values))
      .map(toRole);
  }

  async lineageEdges(methodKeys: string[], direction: 'parents' | 'children'): Promise<LineageEdge[]> {
    const column = direction === 'parents' ? 'child' : 'parent';
    return this.db
      .prepare<[string], LineageRow>(
        `SELECT * FROM lineage WHERE ${column} IN (SELECT value FROM json_each(?))
         ORDER BY child, parent, relation, confidence DESC, paper_id`,
      )
      .all(JSON.stringify(methodKeys))
      .map(toLineage);
  }
}

/** The entries of a cached answer that are present. */
function present<T>(values: Map<string, T | undefined>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [k, v] of values) if (v !== undefined) out.set(k, v);
  return out;
}

/** Rows grouped by `key`, each group in the rows' order. */
function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const group = out.get(k);
    if (group) group.push(r);
    else out.set(k, [r]);
  }
  return out;
}
