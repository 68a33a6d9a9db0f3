import type { GraphStore } from '../../graph/store';
import type { Embedder } from '../../ingest/embed';
import { contentWords, cosine, rankCandidates, type RankedPaper } from './ranking';

/** Shares of the score when both signals are available (see `fuse`). */
export const SEARCH_WEIGHTS = { embedding: 0.6, lexical: 0.4 } as const;
/** Longest query, in characters: the API rejects longer ones before this service sees them (README "Limits"). */
export const MAX_QUERY_CHARS = 1_000;
/** Lexical candidates read per query: a paper outside them counts as no lexical match. */
const LEXICAL_CANDIDATES = 200;
/** Embedding candidates read per query, at least. */
const MIN_EMBEDDING_CANDIDATES = 50;

/**
 * Free-text search. Candidates are the papers nearest to the query's embedding and the papers matching its topical
 * words; each gets an `embedding` signal (cosine similarity of the query's and the paper's embeddings) and a `lexical`
 * one (BM25), fused by `rankCandidates` with SEARCH_WEIGHTS. Without an embedding model, or for a paper without a
 * vector of the configured model, `embedding` is unavailable and lexical decides.
 */
export class SearchService {
  constructor(
    private readonly store: GraphStore,
    /** Null when no model could be loaded. */
    private readonly embedder: Embedder | null,
    /** The configured model: only its vectors are compared. */
    private readonly model: string,
  ) {}

  async search(query: string, first: number): Promise<RankedPaper[]> {
    if (query.length > MAX_QUERY_CHARS) throw new RangeError(`a query of more than ${MAX_QUERY_CHARS} characters`);
    if (first < 1) return [];
    const words = contentWords(query).join(' ');
    const lexical = words ? await this.store.searchText(words, LEXICAL_CANDIDATES) : [];
    const similarity = new Map<string, number>();
    if (this.embedder) {
      const [vector] = await this.embedder.embed([query]);
      const k = Math.max(first * 5, MIN_EMBEDDING_CANDIDATES);
      for (const h of await this.store.nearestByVector(this.model, vector, k)) similarity.set(h.id, h.score);
      const unscored = lexical.filter((h) => !similarity.has(h.id)).map((h) => h.id);
      for (const [id, v] of await this.store.getVectors(this.model, unscored)) similarity.set(id, cosine(vector, v));
    }
    const bm25 = new Map(lexical.map((h) => [h.id, h.score]));
    return rankCandidates({ similarity, bm25, lexicalAsked: words !== '' }, SEARCH_WEIGHTS, first);
  }
}
