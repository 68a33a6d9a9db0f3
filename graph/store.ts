import type { Paper, PaperVector } from '../src/domain';

/** What the pipeline needs to decide whether a paper changed. */
export interface PaperFingerprint {
  contentHash: string;
  textHash: string;
  vectorModel: string | null;
}

/**
 * One paper to upsert. `vector`: a new vector replaces the stored one; `null` clears it (the text changed and no
 * model could embed it); `undefined` keeps whatever is stored.
 */
export interface PaperWrite {
  paper: Omit<Paper, 'vectorModel'>;
  vector?: Omit<PaperVector, 'id'> | null;
}

export interface PaperFilter {
  titleContains?: string;
  yearFrom?: number;
  yearTo?: number;
  venue?: string;
}

export interface PaperPage {
  papers: Paper[];
  /** Id of the last paper of the page: pass it as `after` to get the next page. */
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

/** A paper found by a store query, with the store's own score for it (higher is better). */
export interface ScoredId {
  id: string;
  score: number;
}

export interface StoreStats {
  papers: number;
  /** Papers with a vector, per model id. */
  vectorsByModel: Record<string, number>;
}

/**
 * The store port. Adapters (graph/sqlite, graph/neo4j) answer graph questions and persist; they never rank.
 * Every method that writes a list writes it in one transaction: all of it or none of it.
 */
export interface GraphStore {
  /** A short name for messages, e.g. `sqlite:/path/to/file.db`. */
  readonly description: string;
  fingerprints(ids: string[]): Promise<Map<string, PaperFingerprint>>;
  writePapers(writes: PaperWrite[]): Promise<void>;
  setVectors(vectors: PaperVector[]): Promise<void>;
  getPapers(ids: string[]): Promise<Map<string, Paper>>;
  /** Papers ordered by id, `first` at a time after the cursor `after`. */
  listPapers(options: { first: number; after?: string; filter?: PaperFilter }): Promise<PaperPage>;
  /** Ids (ordered) of papers without a vector from `model`, after the cursor `after`. */
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
   * The `k` papers whose `model` vectors are nearest to `vector` by cosine similarity (`score`, in [-1, 1]), best
   * first; papers in `excludeIds` and papers without a vector of that model are never returned.
   */
  nearestByVector(model: string, vector: Float32Array, k: number, excludeIds?: string[]): Promise<ScoredId[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
