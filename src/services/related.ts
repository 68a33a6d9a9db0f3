import type { GraphStore } from '../../graph/store';
import type { Paper } from '../domain';
import { contentWords, cosine, rankCandidates, type RankedPaper } from './ranking';

/** Shares of the score when both signals are available (see `fuse`). */
export const RELATED_WEIGHTS = { embedding: 0.7, lexical: 0.3 } as const;
/** Lexical candidates read per paper: a paper outside them counts as no lexical overlap. */
const LEXICAL_CANDIDATES = 200;
/** Embedding candidates read per paper, at least. */
const MIN_EMBEDDING_CANDIDATES = 50;

/**
 * Related work, v1: embedding similarity and lexical overlap. Candidates are the papers whose vectors are nearest
 * to this paper's and the papers sharing its topical words (title, keywords, abstract); each gets an `embedding`
 * signal (cosine similarity) and a `lexical` one (BM25 of this paper's words in the candidate), fused by
 * `rankCandidates` with RELATED_WEIGHTS. When this paper or a candidate has no vector of the configured model,
 * `embedding` is unavailable for that pair and lexical decides. The paper itself is never in its list.
 */
export class RelatedService {
  constructor(
    private readonly store: GraphStore,
    /** The configured model: only its vectors are compared. */
    private readonly model: string,
  ) {}

  async related(paper: Paper, first: number): Promise<RankedPaper[]> {
    if (first < 1) return [];
    const words = contentWords([paper.title, ...paper.keywords, paper.abstract].join(' ')).join(' ');
    const lexical = (await this.store.searchText(words, LEXICAL_CANDIDATES + 1)).filter((h) => h.id !== paper.id);
    const similarity = new Map<string, number>();
    const vector = (await this.store.getVectors(this.model, [paper.id])).get(paper.id);
    if (vector) {
      const k = Math.max(first * 5, MIN_EMBEDDING_CANDIDATES);
      for (const h of await this.store.nearestByVector(this.model, vector, k, [paper.id])) similarity.set(h.id, h.score);
      const unscored = lexical.filter((h) => !similarity.has(h.id)).map((h) => h.id);
      for (const [id, v] of await this.store.getVectors(this.model, unscored)) similarity.set(id, cosine(vector, v));
    }
    const bm25 = new Map(lexical.map((h) => [h.id, h.score]));
    return rankCandidates({ similarity, bm25, lexicalAsked: words !== '' }, RELATED_WEIGHTS, 'embedding', first);
  }
}
