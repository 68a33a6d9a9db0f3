import type { ConceptNode, MethodNode, Paper } from '../src/domain';
import { decodeCursor, fetchSize, toPage, type RankPosition } from './page';
import { queryWords } from './query-words';
import type { ConceptFilter, GraphStore, Page, PaperFilter, PaperWrite, RemovedPapers, ScoredId } from './store';

/** Rows an adapter fetched for one page: at most the `limit` asked (one more than the page), and the filter's total. */
export interface Rows<Row> {
  rows: Row[];
  totalCount: number;
}

/** A paper's mention of a concept. */
export interface MentionRow {
  paperId: string;
  concept: string;
  weight: number;
}

/**
 * What both adapters do alike, written once (as Kysely's dialect adapters share one query builder): cursors and the
 * page envelope, the meaning of every filter (an empty string filters nothing), query words, argument checks and the
 * shape of grouped answers. An adapter extends this and says only how its backend fetches rows.
 */
export abstract class BaseGraphStore {
  async writePapers(writes: PaperWrite[]): Promise<void> {
    if (!writes.length) return;
    for (const { paper } of writes) {
      if (typeof paper.title !== 'string' || typeof paper.abstract !== 'string') {
        throw new Error(`paper ${paper.id} needs a title and an abstract`);
      }
    }
    await this.upsertPapers(writes);
  }

  /** Writes a non-empty, checked batch of papers in one transaction that also adds one to the papers generation. */
  protected abstract upsertPapers(writes: PaperWrite[]): Promise<void>;

  async removePapers(ids: string[]): Promise<RemovedPapers> {
    const asked = [...new Set(ids)];
    const named = asked.length ? await this.deletePapers(asked) : new Map<string, string>();
    return {
      removed: [...new Set(asked.filter((id) => named.has(id)).map((id) => named.get(id)!))],
      aliases: asked.filter((id) => named.has(id) && named.get(id) !== id).map((alias) => ({ alias, paperId: named.get(alias)! })),
      unknown: asked.filter((id) => !named.has(id)),
    };
  }

  /**
   * Removes the papers the distinct, non-empty `ids` name (a paper's id, else an identifier alias of a paper: the
   * first by id should two have it) with all they contributed (GraphStore.removePapers), in one transaction that adds
   * one to the papers generation when it removes any. Returns the id of the paper each id named, for those that did.
   */
  protected abstract deletePapers(ids: string[]): Promise<Map<string, string>>;

  async listPapers(options: { first: number; after?: string; filter?: PaperFilter }): Promise<Page<Paper>> {
    const f = options.filter ?? {};
    const filter: PaperFilter = { ...f, titleContains: nonEmpty(f.titleContains), venue: nonEmpty(f.venue) };
    const after = decodeCursor('paper', options.after);
    const { rows, totalCount } = await this.paperRows(filter, after, fetchSize(options.first));
    return toPage(rows, options.first, totalCount, 'paper', (p) => p, (p) => p.id);
  }

  /** Papers matching `filter` (title contains, case-insensitively; venue equals, case-insensitively), by id after `after`. */
  protected abstract paperRows(filter: PaperFilter, after: string | undefined, limit: number): Promise<Rows<Paper>>;

  async resolveConcept(key: string): Promise<string | null> {
    return (await this.resolveConcepts([key])).get(key) ?? null;
  }

  /** Keys or alias keys to canonical concept keys, for the keys that resolve (a concept's own key before an alias). */
  abstract resolveConcepts(keys: string[]): Promise<Map<string, string>>;

  async resolveMethod(key: string): Promise<string | null> {
    return (await this.resolveMethods([key])).get(key) ?? null;
  }

  /** Keys or alias keys to canonical method keys, for the keys that resolve (a method's own key before an alias). */
  abstract resolveMethods(keys: string[]): Promise<Map<string, string>>;

  async citations(
    paperId: string,
    direction: 'references' | 'citedBy',
    options: { first: number; after?: string },
  ): Promise<Page<string>> {
    const after = decodeCursor('paper', options.after);
    const { rows, totalCount } = await this.citationRows(paperId, direction, after, fetchSize(options.first));
    return toPage(rows, options.first, totalCount, 'paper', (id) => id, (id) => id);
  }

  /** Ids of the papers `paperId` cites (`references`) or is cited by (`citedBy`), by id after `after`. */
  protected abstract citationRows(
    paperId: string,
    direction: 'references' | 'citedBy',
    after: string | undefined,
    limit: number,
  ): Promise<Rows<string>>;

  async listConcepts(options: { first: number; after?: string; filter?: ConceptFilter }): Promise<Page<ConceptNode>> {
    const f = options.filter ?? {};
    const after = decodeCursor('concept', options.after);
    const filter: ConceptFilter = { ...f, nameContains: nonEmpty(f.nameContains) };
    const { rows, totalCount } = await this.conceptRows(filter, after, fetchSize(options.first));
    return toPage(rows, options.first, totalCount, 'concept', (c) => c, (c) => [c.paperCount, c.key]);
  }

  /**
   * Concepts matching `filter`, by paper count (most first) then key, after the position `after`. `nameContains` is
   * literal text within the name or within one alias, case-insensitively: never a pattern, never the stored form.
   */
  protected abstract conceptRows(
    filter: ConceptFilter,
    after: RankPosition | undefined,
    limit: number,
  ): Promise<Rows<ConceptNode>>;

  async listMethods(options: { first: number; after?: string; filter?: { nameContains?: string } }): Promise<Page<MethodNode>> {
    const after = decodeCursor('method', options.after);
    const nameContains = nonEmpty(options.filter?.nameContains);
    const { rows, totalCount } = await this.methodRows(nameContains, after, fetchSize(options.first));
    return toPage(rows, options.first, totalCount, 'method', (m) => m, (m) => [m.paperCount, m.key]);
  }

  /** Methods as `conceptRows` lists concepts, `nameContains` alike. */
  protected abstract methodRows(
    nameContains: string | undefined,
    after: RankPosition | undefined,
    limit: number,
  ): Promise<Rows<MethodNode>>;

  async conceptPapers(key: string, options: { first: number; after?: string }): Promise<Page<string>> {
    const after = decodeCursor('mention', options.after);
    const { rows, totalCount } = await this.mentionRows(key, after, fetchSize(options.first));
    return toPage(rows, options.first, totalCount, 'mention', (m) => m.paperId, (m) => [m.weight, m.paperId]);
  }

  /** Mentions of the concept, by weight (strongest first) then paper id, after the position `after`. */
  protected abstract mentionRows(key: string, after: RankPosition | undefined, limit: number): Promise<Rows<MentionRow>>;

  async paperConcepts(paperIds: string[]): Promise<Map<string, { concept: string; weight: number }[]>> {
    const out = new Map<string, { concept: string; weight: number }[]>(paperIds.map((id) => [id, []]));
    for (const m of await this.paperMentions(paperIds)) out.get(m.paperId)?.push({ concept: m.concept, weight: m.weight });
    return out;
  }

  /** The mentions of these papers, each paper's strongest first, then by concept key. */
  protected abstract paperMentions(paperIds: string[]): Promise<MentionRow[]>;

  async papersOfConcepts(keys: string[], perConcept: number): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (perConcept < 1 || !keys.length) return out;
    for (const m of await this.topMentions([...new Set(keys)], perConcept)) {
      out.set(m.concept, [...(out.get(m.concept) ?? []), m.paperId]);
    }
    return out;
  }

  /** Per concept of the distinct `keys`, its `perConcept` strongest mentions (then by paper id), in that order. */
  protected abstract topMentions(keys: string[], perConcept: number): Promise<MentionRow[]>;

  async papersMentioningAll(keys: string[], first: number): Promise<string[]> {
    return this.papersMentioningEvery([...new Set(keys)], first);
  }

  /** Ids of papers mentioning every one of the distinct `keys`, by summed weight (most first), then id. */
  protected abstract papersMentioningEvery(keys: string[], first: number): Promise<string[]>;

  async searchText(query: string, k: number): Promise<ScoredId[]> {
    const words = queryWords(query);
    return words.length && k >= 1 ? this.searchWords(words, k) : [];
  }

  /** Full-text search for papers containing any of `words` (k ≥ 1); each word is quoted in the backend's syntax. */
  protected abstract searchWords(words: string[], k: number): Promise<ScoredId[]>;

  async wordPaperCounts(words: string[]): Promise<Map<string, number>> {
    const distinct = queryWords(words.join(' '));
    const counts = distinct.length ? await this.countWordPapers(distinct) : new Map<string, number>();
    return new Map(distinct.map((w) => [w, counts.get(w) ?? 0]));
  }

  /** Papers `searchWords` finds for each of the distinct, non-empty `words` alone (absent: none). */
  protected abstract countWordPapers(words: string[]): Promise<Map<string, number>>;

  async nearestByVector(model: string, vector: Float32Array, k: number, excludeIds: string[] = []): Promise<ScoredId[]> {
    return k >= 1 ? this.nearest(model, vector, k, excludeIds) : [];
  }

  /** `nearestByVector` for k ≥ 1. */
  protected abstract nearest(model: string, vector: Float32Array, k: number, excludeIds: string[]): Promise<ScoredId[]>;
}

/** The error of a vector write for a paper the store does not hold (the whole write is rolled back). */
export function unknownPaper(id: string): Error {
  return new Error(`cannot set the vector of unknown paper ${id}`);
}

/** A word in a full-text query, quoted: FTS5 and Lucene both read `"word"` as that word, whatever it contains. */
export function quoted(words: string[]): string {
  return words.map((w) => `"${w}"`).join(' OR ');
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === '' ? undefined : text;
}

type PortMethod = Exclude<keyof GraphStore, 'description'>;
/** Every method of the port (the compiler checks that none is missing). */
const PORT_METHODS = Object.keys({
  fingerprints: 0, writePapers: 0, removePapers: 0, setVectors: 0, getPapers: 0, listPapers: 0, papersWithoutVector: 0,
  vectors: 0, getVectors: 0, searchText: 0, wordPaperCounts: 0, nearestByVector: 0, stats: 0, dataVersion: 0, contentVersion: 0, relatedPrepared: 0, relatedPreparedState: 0, putRelatedPrepared: 0, warmUp: 0, paperKnowledge: 0, corpusState: 0,
  invalidateCorpusGraph: 0, writeCorpusGraph: 0, knowledgeSince: 0, knowledgeIds: 0, writeCorpusChanges: 0,
  communitiesState: 0, communityInput: 0, writeCommunities: 0,
  filteredName: 0, resolveConcept: 0, resolveConcepts: 0, getConcepts: 0, listConcepts: 0, conceptNeighbours: 0, conceptPapers: 0,
  papersOfConcepts: 0, papersMentioningAll: 0, paperConcepts: 0, conceptHierarchy: 0, resolveMethod: 0, resolveMethods: 0, getMethods: 0, listMethods: 0,
  methodRoles: 0, paperMethods: 0, lineageEdges: 0, findPaperKeys: 0, resolvePaperIds: 0, paperLinks: 0,
  citations: 0, citationCounts: 0, sharedCitations: 0, close: 0,
} satisfies Record<PortMethod, 0>) as PortMethod[];

/**
 * Makes every port method of an adapter class reject with `translate(store, error)`: the adapter's one place to turn
 * its backend's failures into StoreErrors, however deep in its code they were thrown.
 */
export function translateFailures<S extends GraphStore>(adapter: { prototype: S }, translate: (store: S, err: unknown) => Error): void {
  const prototype = adapter.prototype as unknown as Record<PortMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const name of PORT_METHODS) {
    const method = prototype[name];
    prototype[name] = async function (this: S, ...args: unknown[]) {
      try {
        return await method.apply(this, args);
      } catch (err) {
        throw translate(this, err);
      }
    };
  }
}
