/**
 * Corpus statistics for weighting and filtering one paper's concepts. Document frequencies need the whole corpus,
 * so the caller (the pipeline, from the store) supplies them; extraction stays a pure function of one paper.
 */
export interface CorpusStatsOptions {
  /**
   * A concept in more than this fraction of documents is generic (default 0.1: in 3,451 ML papers that drops
   * "language model", "training", "large language model" and keeps "neural network" at 6%).
   */
  maxDocumentFraction?: number;
  /**
   * Below this many documents (default 200) frequencies say too little: nothing is dropped for being frequent. A
   * small topical corpus (the 80-paper data-mixing sample) is about its frequent concepts.
   */
  minDocuments?: number;
}

export class CorpusStats {
  private readonly maxDocumentFraction: number;
  private readonly minDocuments: number;

  constructor(
    readonly documentFrequency: ReadonlyMap<string, number>,
    readonly documents: number,
    options: CorpusStatsOptions = {},
  ) {
    this.maxDocumentFraction = options.maxDocumentFraction ?? 0.1;
    this.minDocuments = options.minDocuments ?? 200;
  }

  df(key: string): number {
    return this.documentFrequency.get(key) ?? 0;
  }

  /** Too frequent in the corpus to tell papers apart. */
  isGeneric(key: string): boolean {
    return this.documents >= this.minDocuments && this.df(key) / this.documents > this.maxDocumentFraction;
  }

  /** Smoothed inverse document frequency, ≥ 1; a key the corpus has not seen gets the highest. */
  idf(key: string): number {
    return Math.log((this.documents + 1) / (this.df(key) + 1)) + 1;
  }
}
