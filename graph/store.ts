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
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
