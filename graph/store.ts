import type {
  ConceptNeighbour,
  ConceptNode,
  LineageEdge,
  MethodNode,
  Paper,
  PaperKnowledge,
  PaperMethodRole,
  PaperVector,
} from '../src/domain';

/**
 * What went wrong with a store, for callers that answer differently: the CLI prints every kind as one line, the API
 * answers `bad-cursor` as BAD_USER_INPUT and the kinds that make the store unusable as STORE_UNAVAILABLE.
 * - `missing`: no such store (an SQLite file asked to exist does not).
 * - `unreachable`: the server cannot be reached.
 * - `refused`: the server or the file refuses us (credentials, permissions, no such database).
 * - `locked`: another process holds the store; trying again may work.
 * - `invalid`: not a store (not an SQLite database, a directory, a corrupt file).
 * - `io`: the disk is full or cannot be read or written.
 * - `newer-schema`: the store was made by a newer litgraph.
 * - `bad-cursor`: an `after` cursor the store did not give out.
 */
export type StoreErrorKind =
  | 'missing'
  | 'unreachable'
  | 'refused'
  | 'locked'
  | 'invalid'
  | 'io'
  | 'newer-schema'
  | 'bad-cursor';

/** A store that cannot be opened or used, or a request it cannot answer, said in one line naming it. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** What the pipeline needs to decide whether a paper changed. */
export interface PaperFingerprint {
  contentHash: string;
  textHash: string;
  vectorModel: string | null;
  /** Version of the extractor that made the stored knowledge; null when the paper has none yet. */
  knowledgeVersion: string | null;
}

/**
 * One paper to upsert. `vector`: a new vector replaces the stored one; `null` clears it (the text changed and no
 * model could embed it); `undefined` keeps whatever is stored.
 */
export interface PaperWrite {
  paper: Omit<Paper, 'vectorModel'>;
  vector?: Omit<PaperVector, 'id'> | null;
  /** Replaces everything the paper contributed to the knowledge graph; `undefined` keeps what is stored. */
  knowledge?: { version: string; extraction: PaperKnowledge };
  /** Replaces the paper's aliases, title key and references; `undefined` keeps what is stored. */
  links?: PaperLinks;
}

/**
 * Who a paper is and what it cites (ingest/identity.ts). Keys are opaque to the store except one rule: a key that
 * starts with `title:` is a title key, weaker than an identifier.
 */
export interface PaperLinks {
  /** Its other identifiers: `getPapers`-style lookups by `resolvePaperIds` answer for each. */
  aliases: string[];
  /** The key of its normalised title, or null. */
  titleKey: string | null;
  /**
   * The works it cites, each as the keys it may be known by. A reference resolves to the papers one of its
   * identifier keys names (an id or alias), else to the papers its title key names (a title key, or a title-key id);
   * each resolved reference is a CITES edge, kept up to date whichever of the two papers is written first.
   */
  references: string[][];
}

/** A stored paper known by a key: by its id or an alias (`kind: 'id'`), or by its title key (`'title'`). */
export interface PaperKeyHit {
  key: string;
  paperId: string;
  kind: 'id' | 'title';
}

/** A paper sharing citations with another: `shared` references or citers, and its own count of them. */
export interface SharedCitations {
  id: string;
  shared: number;
  /** The other paper's resolved references (coupling) or citers (co-citation). */
  count: number;
}

export interface CitationCounts {
  /** Resolved references: papers of the store it cites. */
  references: number;
  /** References to works not in the store (yet). */
  unresolved: number;
  citedBy: number;
}

/**
 * The corpus-wide knowledge graph, derived from every paper's knowledge after an ingest (ingest/corpus.ts): concept
 * and method nodes under canonical keys, mentions, roles, lineage, co-occurrence and broader links, table by table,
 * and the number of papers it was built from. The store keeps it as given and replaces it whole.
 */
export interface CorpusGraph extends CorpusTables {
  /** Papers the graph was built from (those with knowledge): co-occurrence NPMI is read against it. */
  documents: number;
  /**
   * The concepts' communities computed from this graph's co-occurrences (a rebuild): written with it, community by
   * concept key (a concept absent has none), and stamped as computed from the graph's generation (CommunitiesState).
   * Absent (an update): every concept keeps the community stored under its key, a new one has none until the next
   * `writeCommunities`, and the communities' stamp stays.
   */
  communities?: ReadonlyMap<string, number>;
}

/**
 * A concept row of the corpus graph: a concept node but for its community, which is not part of the graph's updates:
 * communities are computed from the stored co-occurrences apart (ingest/communities.ts) and written by
 * `writeCommunities`.
 */
export type CorpusConcept = Omit<ConceptNode, 'community'>;

/** The tables of the corpus graph. */
export interface CorpusTables {
  concepts: CorpusConcept[];
  /** Alias key to canonical key, for concepts and methods. */
  conceptAliases: [string, string][];
  mentions: { paperId: string; concept: string; weight: number }[];
  /**
   * Pairs of concepts (a < b) and the number of papers that mention both. Stored as counts, not weights: their NPMI
   * depends on the number of papers, which every new paper changes, so the store computes it when it reads them
   * (`npmi`, from the two concepts' paper counts and `documents`).
   */
  cooccurrences: { a: string; b: string; count: number }[];
  broader: { narrower: string; broader: string }[];
  methods: MethodNode[];
  methodAliases: [string, string][];
  roles: PaperMethodRole[];
  lineage: LineageEdge[];
  /** Keys seen in papers but kept out of the graph, with the commonest reason code and how many papers had them. */
  filtered: FilteredName[];
}

/**
 * Normalised pointwise mutual information over papers, in [-1, 1] (1 when the two only ever occur together): of a
 * pair of concepts that `count` papers mention both of, one in `a` papers and the other in `b`, out of `documents`.
 * The one definition, for the co-occurrences the corpus graph is built from and the ones a store reads.
 */
export function npmi(count: number, a: number, b: number, documents: number): number {
  const pab = count / documents;
  return pab === 1 ? 1 : Math.log(pab / ((a / documents) * (b / documents))) / -Math.log(pab);
}

/**
 * How a corpus graph differs from the one stored, table by table (ingest/corpus.ts): `put` holds the rows that are
 * new or changed, each replacing the stored row with the same key; `remove` the stored rows whose key is gone. The
 * keys: a concept's, method's or filtered name's key; an alias; a mention's (concept, paper); a co-occurrence's
 * (a, b); a broader link's narrower key; a role's (method, paper, role); a lineage edge's (child, parent, relation,
 * paper). And the new graph's number of papers.
 */
export type CorpusGraphChanges = { [T in keyof CorpusTables]: { put: CorpusTables[T]; remove: CorpusTables[T] } } & {
  documents: number;
};

/** What an incremental corpus update reads: the papers written since a generation, and how many hold knowledge. */
export interface KnowledgeSince {
  papers: StoredKnowledge[];
  /** Papers with knowledge in the store, so the reader can tell whether any it knew were removed. */
  total: number;
}

/** A phrase extraction saw and filtered (ingest/extract/junk.ts says each reason). */
export interface FilteredName {
  key: string;
  reason: string;
  paperCount: number;
}

/**
 * Whether the corpus graph is up to date. Every `writePapers` that writes anything adds one to `papersGeneration`
 * in the same transaction as the papers; `corpusGeneration` is the papers generation the stored corpus graph was
 * built from. The graph is out of date while `corpusGeneration < papersGeneration`, so a crash between the paper
 * writes and the rebuild is seen by whatever opens the store next.
 */
export interface CorpusState {
  papersGeneration: number;
  corpusGeneration: number;
}

/**
 * Which corpus graph the concepts' communities were computed from: `generation`, the corpus generation of the graph
 * whose co-occurrences they partition (null before any were computed); `updatedAt`, when they were last written
 * (ISO 8601; null when unknown). They are fresh while `generation` is the stored graph's corpus generation; older,
 * they are still a valid partition of a recent graph, and concepts new since have none.
 */
export interface CommunitiesState {
  generation: number | null;
  updatedAt: string | null;
}

/**
 * What communities are computed from, read from one snapshot of the stored corpus graph: its corpus generation, its
 * co-occurrences of at least `minNpmi` with their NPMI (as `conceptNeighbours` weighs them), in no order, and every
 * concept's stored community, by key (concepts without one are absent).
 */
export interface CommunityInput {
  generation: number;
  edges: { a: string; b: string; count: number; npmi: number }[];
  communities: Map<string, number>;
}

/**
 * What `removePapers` did. Each id given names the stored paper with that id, else the paper that has it as an
 * identifier alias (another source's id merged into it: `doi:…`, `arxiv:…`, …), which is then removed whole. A title
 * key names no paper here: it is too weak a name to delete by.
 */
export interface RemovedPapers {
  /** The ids of the papers removed, each once, in the order first named. */
  removed: string[];
  /** The ids given that were an alias of a paper rather than its id, with the paper each named (and removed). */
  aliases: { alias: string; paperId: string }[];
  /** The ids given that name no stored paper, each once, in the order given. */
  unknown: string[];
}

export interface StoredKnowledge {
  paperId: string;
  year?: number;
  version: string;
  knowledge: PaperKnowledge;
}

/**
 * One page of a list. Cursors are opaque (graph/page.ts makes and checks them): pass one as `after` to continue after
 * that item. An `after` the store did not give out, `''` included, is a StoreError of kind `bad-cursor`; an absent
 * `after` starts at the beginning.
 */
export interface Page<T> {
  items: T[];
  /** Each item's cursor. */
  cursors: string[];
  /** The last item's cursor. */
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

export interface ConceptFilter {
  nameContains?: string;
  kind?: ConceptNode['kind'];
  community?: number;
  minPapers?: number;
}

export interface PaperFilter {
  titleContains?: string;
  yearFrom?: number;
  yearTo?: number;
  venue?: string;
}

/** A paper found by a store query, with the store's own score for it (higher is better). */
export interface ScoredId {
  id: string;
  score: number;
}

export interface StoreStats {
  papers: number;
  concepts: number;
  methods: number;
  lineageEdges: number;
  /** Papers with a vector, per model id. */
  vectorsByModel: Record<string, number>;
}

/**
 * The store port. Adapters (graph/sqlite, graph/neo4j) answer graph questions and persist; they never rank.
 * Every method that writes a list writes it in one transaction: all of it or none of it. `writePapers` also marks
 * the corpus graph out of date in that transaction (see CorpusState).
 */
export interface GraphStore {
  /** A short name for messages, e.g. `sqlite:/path/to/file.db`. */
  readonly description: string;
  fingerprints(ids: string[]): Promise<Map<string, PaperFingerprint>>;
  writePapers(writes: PaperWrite[]): Promise<void>;
  /**
   * Removes papers and exactly what each contributed, in one transaction: its row, vector, knowledge and full-text
   * entry, the keys it is known by (id, aliases, title key), its references and CITES edges, and its rows of the
   * corpus graph (mentions, method roles, lineage evidence). References of other papers that resolved to it are
   * resolved again: unresolved, or resolved to another paper they name. Adds one to the papers generation when it
   * removes anything, as `writePapers` does, so the rest of the corpus graph (counts, co-occurrence, communities) is
   * out of date until it is finished. See RemovedPapers for how ids are matched.
   */
  removePapers(ids: string[]): Promise<RemovedPapers>;
  setVectors(vectors: PaperVector[]): Promise<void>;
  getPapers(ids: string[]): Promise<Map<string, Paper>>;
  /** Papers ordered by id, `first` at a time after the cursor `after`. */
  listPapers(options: { first: number; after?: string; filter?: PaperFilter }): Promise<Page<Paper>>;
  /** Papers (by id) without a vector from `model`, after the paper id `after`. */
  papersWithoutVector(model: string, options: { first: number; after?: string }): Promise<Paper[]>;
  /** Every vector made by `model`. */
  vectors(model: string): Promise<PaperVector[]>;
  /** The vectors made by `model` of the given papers (papers without one are absent from the map). */
  getVectors(model: string, ids: string[]): Promise<Map<string, Float32Array>>;
  /**
   * Full-text search over title and abstract: papers containing any word of `query` (free text: the adapter takes
   * its words and ignores any query syntax), best first, at most `k`. `score` is the backend's BM25 relevance
   * (higher is better, not comparable across queries). No words, no hits.
   */
  searchText(query: string, k: number): Promise<ScoredId[]>;
  /**
   * How many papers `searchText` finds for each word of `words` alone (its document frequency), keyed by the word
   * lower-cased as searchText reads it; a word no paper contains counts 0. A query's words can then be chosen by
   * rarity before searching.
   */
  wordPaperCounts(words: string[]): Promise<Map<string, number>>;
  /**
   * The `k` papers whose `model` vectors are nearest to `vector` by cosine similarity (`score`, in [-1, 1]), best
   * first; papers in `excludeIds` and papers without a vector of that model are never returned.
   */
  nearestByVector(model: string, vector: Float32Array, k: number, excludeIds?: string[]): Promise<ScoredId[]>;
  stats(): Promise<StoreStats>;
  /**
   * A token that changes whenever anything the store holds changes, whoever wrote it (this connection, another one,
   * another process): while it stays the same, every read answers the same, so a caller may keep what it derived.
   * Null when the adapter cannot tell cheaply; then nothing derived from reads may be kept.
   */
  dataVersion(): Promise<string | null>;
  /**
   * A token for what related work reads (papers with their knowledge and citations, their vectors, the corpus graph),
   * the same on every connection to the store, unlike `dataVersion`: it moves with every write of those, and not with
   * `putRelatedPrepared`. Null when the adapter cannot tell; then nothing is prepared.
   */
  contentVersion(): Promise<string | null>;
  /** The prepared related work (services/related-prepared.ts) of those of `paperIds` that have an entry stamped `stamp`. */
  relatedPrepared(paperIds: string[], stamp: string): Promise<Map<string, Uint8Array>>;
  /** How many papers have an entry stamped `stamp`, and up to `limit` of those that have none, in id order. */
  relatedPreparedState(stamp: string, limit: number): Promise<{ prepared: number; missing: string[] }>;
  /**
   * Stores prepared related work stamped `stamp`, each entry replacing the paper's older one, in one transaction,
   * only while `contentVersion()` is still `contentVersion` (checked in that transaction, so entries read from older
   * content never land): false, and nothing written, otherwise. An entry of a paper no longer stored is dropped.
   */
  putRelatedPrepared(entries: Map<string, Uint8Array>, stamp: string, contentVersion: string): Promise<boolean>;
  /**
   * Reads ahead what the first queries would otherwise read on the spot, so a server's first answers do not pay for
   * it: the embedded store reads `model`'s vectors (at 100,000 papers, seconds) and starts reading or building their
   * vector index and its in-memory full-text index; Neo4j keeps its own caches and does nothing. `model`: the one whose vectors queries compare, or null.
   */
  warmUp(model: string | null): Promise<void>;

  /** The stored knowledge, with year and extractor version, of the given papers or of all: the corpus graph's input. */
  paperKnowledge(ids?: string[]): Promise<StoredKnowledge[]>;
  corpusState(): Promise<CorpusState>;
  /**
   * Marks the corpus graph out of date without writing papers (adds one to the papers generation): the next
   * `finishCorpusGraph` rebuilds it, as `litgraph rebuild` does.
   */
  invalidateCorpusGraph(): Promise<void>;
  /**
   * Replaces the derived corpus graph in one transaction, as built from the papers of `generation` (a
   * `papersGeneration` read before the knowledge was). Checked at write time, in the transaction: when the stored
   * graph was built from the same or a newer generation, nothing is written and the answer is false. Communities: as
   * `graph.communities` says (CorpusGraph).
   */
  writeCorpusGraph(graph: CorpusGraph, generation: number): Promise<boolean>;
  /**
   * The knowledge of the papers written after papers generation `since` (every paper remembers the generation of
   * its last write; a store opened from before that remembers 0), and the number of papers with knowledge, read
   * together.
   */
  knowledgeSince(since: number): Promise<KnowledgeSince>;
  /** The ids of every paper with knowledge, in id order. */
  knowledgeIds(): Promise<string[]>;
  /**
   * Changes the stored corpus graph in one transaction, from the graph of corpus generation `base` to that of
   * `generation`. Checked at write time, in the transaction: unless the stored graph is exactly the one of `base` and
   * `base < generation`, nothing is written and the answer is false (then write the whole graph). A concept put keeps
   * its stored community; a new one has none.
   */
  writeCorpusChanges(changes: CorpusGraphChanges, base: number, generation: number): Promise<boolean>;

  /** The stored communities' stamp (see CommunitiesState). */
  communitiesState(): Promise<CommunitiesState>;
  /** The stored corpus graph's co-occurrences of NPMI at least `minNpmi` and its concepts' communities, read together. */
  communityInput(minNpmi: number): Promise<CommunityInput>;
  /**
   * Sets the community of each concept named (null: none; a key that names no stored concept is skipped) and stamps
   * the communities as computed from corpus generation `generation`, now, in one transaction. Checked in it: when the
   * stored communities were computed from a newer generation, nothing is written and the answer is false. The
   * content version moves when a concept's community changed.
   */
  writeCommunities(assignments: [string, number | null][], generation: number): Promise<boolean>;

  /** Why a key that resolves to no concept or method was kept out of the graph, or null when no paper had it. */
  filteredName(key: string): Promise<FilteredName | null>;
  /** The canonical concept key for a key or an alias key, or null. */
  resolveConcept(key: string): Promise<string | null>;
  /** `resolveConcept` for many keys in one call: key → canonical key, for the keys that resolve. */
  resolveConcepts(keys: string[]): Promise<Map<string, string>>;
  getConcepts(keys: string[]): Promise<Map<string, ConceptNode>>;
  /** Concepts by paper count (most first), then key. */
  listConcepts(options: { first: number; after?: string; filter?: ConceptFilter }): Promise<Page<ConceptNode>>;
  /** Co-occurring concepts, strongest (NPMI) first. */
  conceptNeighbours(key: string, first: number): Promise<ConceptNeighbour[]>;
  /** Ids of papers mentioning the concept, by weight (strongest first), then id. */
  conceptPapers(key: string, options: { first: number; after?: string }): Promise<Page<string>>;
  /**
   * `conceptPapers` for many concepts in one call, first page only: per concept, the ids of at most `perConcept`
   * papers mentioning it, strongest mention first, then id. Concepts no paper mentions are absent.
   */
  papersOfConcepts(keys: string[], perConcept: number): Promise<Map<string, string[]>>;
  /** Ids of papers mentioning every one of `keys`, by summed weight. */
  papersMentioningAll(keys: string[], first: number): Promise<string[]>;
  /** Each paper's concepts, strongest first. */
  paperConcepts(paperIds: string[]): Promise<Map<string, { concept: string; weight: number }[]>>;
  /** Broader concepts (`direction: 'broader'`) or narrower ones of a concept. */
  conceptHierarchy(key: string, direction: 'broader' | 'narrower'): Promise<string[]>;

  resolveMethod(key: string): Promise<string | null>;
  /** `resolveMethod` for many keys in one call: key → canonical key, for the keys that resolve. */
  resolveMethods(keys: string[]): Promise<Map<string, string>>;
  getMethods(keys: string[]): Promise<Map<string, MethodNode>>;
  /** Methods by number of papers (most first), then key. */
  listMethods(options: { first: number; after?: string; filter?: { nameContains?: string } }): Promise<Page<MethodNode>>;
  /** Roles papers give these methods. */
  methodRoles(methodKeys: string[]): Promise<PaperMethodRole[]>;
  /** Methods of these papers with their roles. */
  paperMethods(paperIds: string[]): Promise<PaperMethodRole[]>;
  /** Lineage edges whose child (`parents`: the methods' parents) or parent (`children`) is one of `methodKeys`. */
  lineageEdges(methodKeys: string[], direction: 'parents' | 'children'): Promise<LineageEdge[]>;

  /** Stored papers known by any of these keys (ids, aliases, title keys). */
  findPaperKeys(keys: string[]): Promise<PaperKeyHit[]>;
  /**
   * The paper id each id, alias or title key names (an id of a stored paper names itself; else the first paper by id
   * known by it); unknown ones are absent.
   */
  resolvePaperIds(ids: string[]): Promise<Map<string, string>>;
  /** The stored links of these papers (papers written without links have none, and are absent). */
  paperLinks(ids: string[]): Promise<Map<string, PaperLinks>>;
  /** Ids of the papers a paper cites (`references`) or is cited by (`citedBy`), ordered by id, after the cursor. */
  citations(paperId: string, direction: 'references' | 'citedBy', options: { first: number; after?: string }): Promise<Page<string>>;
  citationCounts(ids: string[]): Promise<Map<string, CitationCounts>>;
  /**
   * Papers sharing resolved references with `paperId` (`coupling`: both cite the same paper) or citers
   * (`cocitation`: a paper cites both), most shared first, then id; never the paper itself.
   */
  sharedCitations(paperId: string, kind: 'coupling' | 'cocitation', first: number): Promise<SharedCitations[]>;

  close(): Promise<void>;
}
