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
  /**
   * Its other identifiers (`doi:…`, `arxiv:…`, `openalex:W…`, `s2:…`, or another source's id), never `id` itself:
   * `paper(id:)` answers for each, and a record from another source carrying one is merged into this paper.
   */
  aliases?: string[];
  /**
   * The works it cites, each as the keys it may be known by: its identifiers (as `aliases`) and, when its title is
   * known, its title key (`title:…`, ingest/identity.ts). A reference is resolved by an identifier, else by title.
   */
  references?: string[][];
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

export type MethodRole = 'PROPOSES' | 'USES' | 'COMPARES';
/**
 * How a method comes from another: EXTENDS (extends, generalises, adapts), VARIANT_OF (a variant, a name made from
 * the other's), BUILDS_ON (based on, built on, inspired by, X-based), FAMILY (a kind of the other by its
 * definition: "Puzzle Mix, a mixup method").
 */
export type LineageRelation = 'EXTENDS' | 'VARIANT_OF' | 'BUILDS_ON' | 'FAMILY';
/** An entity's type: SciERC's Method, Task, Material (as data sets) and Metric, and CONCEPT for everything else. */
export type ConceptKind = 'method' | 'task' | 'dataset' | 'metric' | 'concept';

/** A lineage cue read from one paper, from the method it proposes to the one it comes from. */
export interface LineageCue {
  /** Key of the method the paper proposes. */
  child: string;
  /** Key of the method it comes from. */
  parent: string;
  relation: LineageRelation;
  evidence: string;
  /** In (0, 1]: an explicit cue about the paper's own method is near 1, a name resemblance lower. */
  confidence: number;
  /**
   * `parent` is a description, not a name: the corpus step resolves it to the longest method entity of the corpus
   * it names, or drops the cue. `phrase`: any run of its words ("automatic mixup framework" names mixup); `head`:
   * a run ending at its last word, for a method's own long name ("… for Flow Matching" names flow matching).
   */
  within?: 'phrase' | 'head';
}

/**
 * What one paper contributes to the knowledge graph. Re-ingesting a changed paper replaces all of it, and nothing
 * any other paper contributed.
 */
export interface PaperKnowledge {
  concepts: {
    key: string;
    name: string;
    aliases: string[];
    weight: number;
    kind: ConceptKind;
    /** How the kind was read: 'context' ("CIFAR-100 dataset") outweighs 'head' (the head noun) and 'name'. */
    kindFrom?: 'context' | 'head' | 'name';
    /** The phrase occurs in the paper's title. */
    inTitle?: boolean;
  }[];
  methods: { key: string; name: string; aliases: string[]; role: MethodRole; evidence: string }[];
  /** Child to parent: `child` is the method the paper proposes. */
  lineage: LineageCue[];
  /** Candidate phrases extraction rejected, with the reason code (ingest/extract/junk.ts). */
  filtered?: { key: string; reason: string }[];
}

export interface ConceptNode {
  key: string;
  /** The surface form most papers use. */
  name: string;
  aliases: string[];
  kind: ConceptKind;
  paperCount: number;
  /**
   * In so many papers (over 10% of a corpus of at least 200) that it tells papers apart poorly: kept, answered by
   * name, and weighted low by ranking (which weighs concepts by rarity).
   */
  broad: boolean;
  /** Louvain community of the co-occurrence graph, null for a concept with no co-occurrence edge. */
  community: number | null;
}

export interface MethodNode {
  key: string;
  name: string;
  aliases: string[];
  /** Papers that propose, use or compare against it. */
  paperCount: number;
}

/** A concept co-occurring with another, seen from one of them. */
export interface ConceptNeighbour {
  key: string;
  /** NPMI over papers, in [-1, 1]. */
  weight: number;
  cooccurrences: number;
}

export interface PaperMethodRole {
  paperId: string;
  method: string;
  role: MethodRole;
  evidence: string;
}

export interface LineageEdge {
  child: string;
  parent: string;
  relation: LineageRelation;
  evidence: string;
  confidence: number;
  /** The paper that states it. */
  paperId: string;
}
