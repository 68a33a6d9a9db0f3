/** A paper as a source yields it after normalisation: what ingest writes. */
export interface PaperDraft {
  /** Stable id: the source's own id (DOI, arXiv, OpenReview, …) when it has one, else a hash of the normalised title. */
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  year?: number;
  venue?: string;
  url?: string;
  keywords: string[];
}

/** A stored paper. */
export interface Paper extends PaperDraft {
  /** Hash of every field: equal means re-ingesting it changes nothing. */
  contentHash: string;
  /** Hash of the embedded text (title and abstract): equal means the vector is still right. */
  textHash: string;
  /** Model that made the stored vector, if there is one. */
  vectorModel: string | null;
}

export interface PaperVector {
  id: string;
  model: string;
  values: Float32Array;
}
