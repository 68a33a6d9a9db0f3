import type { GraphQLResolveInfo } from 'graphql';
import type { Paper as PaperModel, ConceptNode as ConceptNodeModel, ConceptNeighbour as ConceptNeighbourModel, PaperMethodRole as PaperMethodRoleModel, MethodNode as MethodNodeModel, LineageEdge as LineageEdgeModel } from '../domain';
import type { RankedPaper as RankedPaperModel } from '../services/ranking';
import type { RelatedPaper as RelatedPaperModel } from '../services/related';
import type { Neighbourhood as NeighbourhoodModel, NeighbourhoodLink as NeighbourhoodLinkModel, WeightedConcept as WeightedConceptModel, Lineage as LineageModel } from '../services/knowledge';
import type { Context } from './context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

export type Concept = {
  __typename?: 'Concept';
  /** Every surface form seen in any paper. */
  aliases: Array<Scalars['String']['output']>;
  /**
   * In so many papers (over 10% of a corpus of at least 200 papers) that it tells papers apart poorly ("large language
   * model"): kept and answered by name, weighted low by related work (which weighs concepts by rarity).
   */
  broad: Scalars['Boolean']['output'];
  /** More general concepts whose phrase this one's extends ("online data mixing" → "data mixing"). */
  broader: Array<Concept>;
  /**
   * Its community in the co-occurrence graph (Louvain), a label (taken from the community's smallest member key) that
   * other concepts of the same community share; null when it co-occurs with nothing, or is new since the communities
   * were last refreshed (`corpusGraph { communitiesFresh }`).
   */
  community?: Maybe<Scalars['Int']['output']>;
  /** The canonical key: lower case, singular, hyphens as spaces, acronyms resolved. */
  id: Scalars['ID']['output'];
  kind: ConceptKind;
  /** The surface form most papers use. */
  name: Scalars['String']['output'];
  /** More specific concepts. */
  narrower: Array<Concept>;
  /** Co-occurring concepts, strongest (NPMI) first. */
  neighbours: Array<ConceptEdge>;
  /** Papers that mention it. */
  paperCount: Scalars['Int']['output'];
  /** Papers that mention it, strongest mention first. */
  papers: PaperConnection;
  /** Papers that mention it per publication year, oldest first (first appearance, growth); papers without a year are left out. */
  timeline: Array<YearCount>;
};


export type ConceptBroaderArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ConceptNarrowerArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ConceptNeighboursArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ConceptPapersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ConceptConnection = {
  __typename?: 'ConceptConnection';
  edges: Array<ConceptConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ConceptConnectionEdge = {
  __typename?: 'ConceptConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Concept;
};

export type ConceptEdge = {
  __typename?: 'ConceptEdge';
  concept: Concept;
  /** Papers that mention both. */
  cooccurrences: Scalars['Int']['output'];
  /** Normalised pointwise mutual information over papers, -1 to 1: 1 when they only ever occur together. */
  weight: Scalars['Float']['output'];
};

export type ConceptFilter = {
  community?: InputMaybe<Scalars['Int']['input']>;
  kind?: InputMaybe<ConceptKind>;
  /** Mentioned by at least this many papers. */
  minPapers?: InputMaybe<Scalars['Int']['input']>;
  /** Case-insensitive substring of the name or an alias. */
  nameContains?: InputMaybe<Scalars['String']['input']>;
};

/** An entity's type, after SciERC's Method, Task, Material (data sets) and Metric. */
export enum ConceptKind {
  /** Any other scientific concept. */
  Concept = 'CONCEPT',
  /** Names a data set, corpus or benchmark (CIFAR-100, Penn Treebank). */
  Dataset = 'DATASET',
  /** Names a method, model, algorithm or technique. */
  Method = 'METHOD',
  /** Names an evaluation measure (BLEU, word error rate, top-1 accuracy). */
  Metric = 'METRIC',
  /** Names a task or problem. */
  Task = 'TASK'
}

export type ConceptLink = {
  __typename?: 'ConceptLink';
  cooccurrences: Scalars['Int']['output'];
  /** Papers that mention both ends, strongest first. */
  papers: Array<Paper>;
  source: Scalars['ID']['output'];
  target: Scalars['ID']['output'];
  /** NPMI, as ConceptEdge.weight. */
  weight: Scalars['Float']['output'];
};


export type ConceptLinkPapersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ConceptNeighbourhood = {
  __typename?: 'ConceptNeighbourhood';
  center: Concept;
  edges: Array<ConceptLink>;
  nodes: Array<Concept>;
};

/**
 * How fresh the corpus graph is. Every write that changes papers adds one to `papersGeneration`; the graph was built
 * from the papers of `graphGeneration`.
 */
export type CorpusGraphState = {
  __typename?: 'CorpusGraphState';
  /** Why this server's last communities refresh failed, null when it succeeded or none ran. */
  communitiesError?: Maybe<Scalars['String']['output']>;
  /** The communities were computed from the graph now stored: `communitiesGeneration` is `graphGeneration`. */
  communitiesFresh: Scalars['Boolean']['output'];
  /**
   * The `graphGeneration` of the graph the concepts' communities (`Concept.community`, the `community` signal of related
   * work) were computed from; null before any were. Communities are not computed by the graph's updates (Louvain over
   * every co-occurrence takes minutes at 100,000 papers) but refreshed after them in the background, so an update, and
   * a mutation's `waitForGraph`, never waits for them. Until then each concept keeps the community it had, and a concept
   * new since has none. The `litgraph` commands refresh them before they exit.
   */
  communitiesGeneration?: Maybe<Scalars['Int']['output']>;
  /** When the stored communities were last written, by any process (ISO 8601); null when unknown. */
  communitiesUpdatedAt?: Maybe<Scalars['String']['output']>;
  /** Not fresh, and this server is refreshing them (or will, once the graph update in hand is written). */
  communitiesUpdating: Scalars['Boolean']['output'];
  /** The graph holds every stored paper: `graphGeneration` is `papersGeneration`. */
  fresh: Scalars['Boolean']['output'];
  graphGeneration: Scalars['Int']['output'];
  /** How long this server's last communities refresh took, in seconds; null before its first. */
  lastCommunitiesSeconds?: Maybe<Scalars['Float']['output']>;
  /**
   * Why this server's last update failed, null when it succeeded or none ran: the update's error, or its worker stopping
   * (for example out of memory: LITGRAPH_GRAPH_WORKER_HEAP_MB). The graph then stays out of date until a later write's
   * update (a new worker) succeeds.
   */
  lastError?: Maybe<Scalars['String']['output']>;
  /** How long that update took, in seconds. */
  lastUpdateSeconds?: Maybe<Scalars['Float']['output']>;
  papersGeneration: Scalars['Int']['output'];
  /** When this server last finished an update that wrote the graph (ISO 8601); null before its first. */
  updatedAt?: Maybe<Scalars['String']['output']>;
  /** Not fresh, and this server's corpus-graph worker is updating it (or will right after the update it is running). */
  updating: Scalars['Boolean']['output'];
};

export type GraphStats = {
  __typename?: 'GraphStats';
  concepts: Scalars['Int']['output'];
  /** Papers with a vector from the configured embedding model. */
  embeddedPapers: Scalars['Int']['output'];
  /** The configured embedding model. */
  embeddingModel?: Maybe<Scalars['String']['output']>;
  /** Whether the server could load that model: without it search is lexical only. */
  embeddingModelLoaded: Scalars['Boolean']['output'];
  /** Distinct (child, parent, relation) lineage edges. */
  lineageEdges: Scalars['Int']['output'];
  methods: Scalars['Int']['output'];
  papers: Scalars['Int']['output'];
};

export type IngestReport = {
  __typename?: 'IngestReport';
  /** Records accepted: inserted + updated + unchanged + refreshed. */
  accepted: Scalars['Int']['output'];
  /** The corpus graph as the answer leaves it: fresh with `waitForGraph`, else usually being updated. */
  corpusGraph: CorpusGraphState;
  inserted: Scalars['Int']['output'];
  /** Accepted records that are copies of stored papers (another source's): merged into them, their id now an alias. */
  merged: Array<Merge>;
  /** Records received. */
  read: Scalars['Int']['output'];
  /** Unchanged papers whose vector (missing, or of another model) or knowledge (older extractor) was made anew. */
  refreshed: Scalars['Int']['output'];
  rejected: Array<Rejection>;
  unchanged: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
  /** Accepted papers with a bad optional field (year, venue, url, authors, keywords): the field was left out. The first 500. */
  warnings: Array<Rejection>;
  /** Papers written without a vector (no embedding model loaded). */
  withoutVector: Scalars['Int']['output'];
};

export enum LineageDirection {
  Ancestors = 'ANCESTORS',
  Both = 'BOTH',
  Descendants = 'DESCENDANTS'
}

/** Child to parent: `child` comes from `parent`, as `paper` states in `evidence`. */
export type LineageEdge = {
  __typename?: 'LineageEdge';
  child: Method;
  /** 0 to 1: an explicit cue about the paper's own method is near 1, a looser reading lower. */
  confidence: Scalars['Float']['output'];
  evidence: Scalars['String']['output'];
  paper?: Maybe<Paper>;
  parent: Method;
  relation: LineageRelation;
};

export enum LineageRelation {
  /** Based on, built on or inspired by the parent ("built upon GRPO", "a mixup-based framework"). */
  BuildsOn = 'BUILDS_ON',
  /** Extends, generalises or adapts the parent ("extends LIME", "we adapt Mamba into VMamba"). */
  Extends = 'EXTENDS',
  /** A kind of the parent by its definition or name ("Puzzle Mix, a mixup method", "SUMix: Mixup with …"). */
  Family = 'FAMILY',
  /** A variant of the parent, or a name made from the parent's (TiKMiX-D of TiKMiX, SD-LoRA of LoRA). */
  VariantOf = 'VARIANT_OF'
}

/** A record merged into the stored paper it is a copy of. */
export type Merge = {
  __typename?: 'Merge';
  /** What they share: an identifier's scheme (`doi`, `arxiv`, `openalex`, `s2`, …), or `title` (title and a close abstract). */
  by: Scalars['String']['output'];
  /** The record's own id, now an alias of the paper. */
  id: Scalars['ID']['output'];
  /** Position of the record in the `papers` argument, from 0. */
  index: Scalars['Int']['output'];
  /** The paper it was merged into. */
  into: Scalars['ID']['output'];
};

export type Method = {
  __typename?: 'Method';
  aliases: Array<Scalars['String']['output']>;
  /** Lineage edges from the methods that come from it. */
  children: Array<LineageEdge>;
  /** Papers that compare against it as a baseline, by id. */
  comparedBy: Array<Paper>;
  /** The canonical key. */
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Papers that propose, use or compare against it, or mention it as a concept. */
  paperCount: Scalars['Int']['output'];
  /** Lineage edges to the methods it comes from. */
  parents: Array<LineageEdge>;
  /** Papers that propose it, by id. */
  proposedBy: Array<Paper>;
  /** Papers that propose, use or compare against it per publication year, oldest first; papers without a year are left out. */
  timeline: Array<YearCount>;
  /** Papers that use it, by id. */
  usedBy: Array<Paper>;
};


export type MethodChildrenArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type MethodComparedByArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type MethodParentsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type MethodProposedByArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type MethodUsedByArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type MethodConnection = {
  __typename?: 'MethodConnection';
  edges: Array<MethodConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type MethodConnectionEdge = {
  __typename?: 'MethodConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Method;
};

export type MethodFilter = {
  /** Case-insensitive substring of the name or an alias. */
  nameContains?: InputMaybe<Scalars['String']['input']>;
};

export type MethodLineage = {
  __typename?: 'MethodLineage';
  edges: Array<LineageEdge>;
  nodes: Array<Method>;
  root: Method;
};

export enum MethodRole {
  Compares = 'COMPARES',
  Proposes = 'PROPOSES',
  Uses = 'USES'
}

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Ingests papers through the same pipeline as `litgraph ingest` (validation, embedding, idempotent upsert).
   * Requires `Authorization: Bearer <LITGRAPH_API_KEY>`; disabled (FORBIDDEN) when the server has no key.
   * At most 500 papers per call. Answers once the papers are stored; the corpus graph follows in the background
   * (`corpusGraph` of the report says how fresh it is), or before the answer with `waitForGraph: true`.
   */
  ingestPapers: IngestReport;
  /**
   * Removes papers and exactly what each contributed (its vector, knowledge, full-text entry, aliases, references and
   * citations, its share of concepts, methods and lineage). Answers once the papers are removed; the corpus graph
   * follows in the background, or before the answer with `waitForGraph: true`. Each id is
   * a paper's id or one of its identifier aliases (`doi:…`, `arxiv:…`, another source's id merged into it), which
   * removes that paper; an id naming no paper is listed in `unknown`, not an error. Papers citing a removed one keep
   * their references, now unresolved (or resolved to another paper they name). Requires the API key, as
   * `ingestPapers`. 1 to 500 ids per call: an empty list is BAD_USER_INPUT.
   */
  removePapers: RemoveReport;
};


export type MutationIngestPapersArgs = {
  papers: Array<PaperInput>;
  waitForGraph?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationRemovePapersArgs = {
  ids: Array<Scalars['ID']['input']>;
  waitForGraph?: InputMaybe<Scalars['Boolean']['input']>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Paper = {
  __typename?: 'Paper';
  abstract?: Maybe<Scalars['String']['output']>;
  /**
   * Its other identifiers (`doi:…`, `arxiv:…`, `openalex:W…`, `s2:…`, another source's id): `paper(id:)` answers for
   * each. A record from another source with one of them, or with the same title and a close abstract, is merged into
   * this paper at ingest.
   */
  aliases: Array<Scalars['String']['output']>;
  authors: Array<Scalars['String']['output']>;
  /** Papers of the store citing this one, by id. */
  citedBy: PaperConnection;
  /** The concepts the paper discusses, strongest first. */
  concepts: Array<PaperConcept>;
  id: Scalars['ID']['output'];
  keywords: Array<Scalars['String']['output']>;
  /** The methods the paper proposes, uses or compares against, each with its evidence sentence. */
  methods: Array<PaperMethod>;
  /** Papers of the store this one cites (its resolved references), by id. */
  references: PaperConnection;
  /** Papers related to this one, as `relatedPapers(paperId: id)`, with the same optional arguments. */
  related: Array<RelatedPaper>;
  title: Scalars['String']['output'];
  /** References to works not in the store (yet): each joins `references` when its paper is ingested. */
  unresolvedReferences: Scalars['Int']['output'];
  url?: Maybe<Scalars['String']['output']>;
  venue?: Maybe<Scalars['String']['output']>;
  year?: Maybe<Scalars['Int']['output']>;
};


export type PaperCitedByArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type PaperConceptsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type PaperMethodsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type PaperReferencesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type PaperRelatedArgs = {
  exclude?: InputMaybe<Array<Scalars['ID']['input']>>;
  first?: InputMaybe<Scalars['Int']['input']>;
  mustShareConcept?: InputMaybe<Scalars['String']['input']>;
  weights?: InputMaybe<SignalWeights>;
  yearFrom?: InputMaybe<Scalars['Int']['input']>;
  yearTo?: InputMaybe<Scalars['Int']['input']>;
};

export type PaperConcept = {
  __typename?: 'PaperConcept';
  concept: Concept;
  /** How central the concept is to the paper, 0 to 1 (the paper's strongest concept has 1). */
  weight: Scalars['Float']['output'];
};

export type PaperConnection = {
  __typename?: 'PaperConnection';
  edges: Array<PaperEdge>;
  pageInfo: PageInfo;
  /** Papers matching the filter, over all pages. */
  totalCount: Scalars['Int']['output'];
};

export type PaperEdge = {
  __typename?: 'PaperEdge';
  /** Opaque: pass it as `after` to continue after this paper. */
  cursor: Scalars['String']['output'];
  node: Paper;
};

export type PaperFilter = {
  /** Case-insensitive substring of the title. */
  titleContains?: InputMaybe<Scalars['String']['input']>;
  /** Exact venue, case-insensitive. */
  venue?: InputMaybe<Scalars['String']['input']>;
  /** Published in this year or later. */
  yearFrom?: InputMaybe<Scalars['Int']['input']>;
  /** Published in this year or earlier. */
  yearTo?: InputMaybe<Scalars['Int']['input']>;
};

/** A paper to ingest: the same fields a JSON Lines record may have. */
export type PaperInput = {
  abstract: Scalars['String']['input'];
  /** Other identifiers of the paper (DOIs, arXiv ids, OpenAlex or Semantic Scholar ids, other sources' ids). */
  aliases?: InputMaybe<Array<Scalars['String']['input']>>;
  arxivId?: InputMaybe<Scalars['String']['input']>;
  authors?: InputMaybe<Array<Scalars['String']['input']>>;
  doi?: InputMaybe<Scalars['String']['input']>;
  /** The paper's own stable id; else one is derived from doi, arxivId or the title. */
  id?: InputMaybe<Scalars['ID']['input']>;
  keywords?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The works it cites: each an identifier (a DOI, an arXiv id, an OpenAlex work, a paper id). */
  references?: InputMaybe<Array<Scalars['String']['input']>>;
  title: Scalars['String']['input'];
  url?: InputMaybe<Scalars['String']['input']>;
  venue?: InputMaybe<Scalars['String']['input']>;
  year?: InputMaybe<Scalars['Int']['input']>;
};

export type PaperMethod = {
  __typename?: 'PaperMethod';
  /** The sentence the role was read from. */
  evidence?: Maybe<Scalars['String']['output']>;
  method: Method;
  role: MethodRole;
};

/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type Query = {
  __typename?: 'Query';
  /**
   * A concept by name, alias or acronym; null when none matches, and then the response's `extensions.missingNames`
   * says why: the phrase was FILTERED (with the reason code and the number of papers it occurs in) or NEVER_SEEN.
   */
  concept?: Maybe<Concept>;
  /**
   * The concepts around a concept: breadth-first over co-occurrence links, strongest first, up to `depth` links away
   * (at most 3) and `first` concepts besides the center; the strongest links among them (at most 4 × `first`), with the
   * papers that connect them.
   */
  conceptNeighbourhood?: Maybe<ConceptNeighbourhood>;
  /** Concepts by number of papers (most first), a page at a time. */
  concepts: ConceptConnection;
  /**
   * How fresh the corpus graph is (concepts, co-occurrence, communities, methods, lineage). A mutation answers once
   * its papers are stored; the server then updates the corpus graph in the background. Papers, search and the
   * embedding signal of related work see a write at once; what the corpus graph derives sees it when `fresh`.
   */
  corpusGraph: CorpusGraphState;
  /**
   * A method by name or alias; null when none matches, and then `extensions.missingNames` says why: NOT_A_METHOD
   * (the name is a concept of another kind: a data set, a measure, a class such as "language models"), FILTERED or
   * NEVER_SEEN.
   */
  method?: Maybe<Method>;
  /**
   * Where a method comes from (ANCESTORS), what grew out of it (DESCENDANTS) or both, up to `depth` lineage links away
   * (at most 5), every edge with the sentence that states it: the `first` most confident edges and the methods they
   * reach.
   */
  methodLineage?: Maybe<MethodLineage>;
  /** Methods by number of papers (most first), a page at a time. */
  methods: MethodConnection;
  /** One paper by id or by any of its aliases (`Paper.aliases`); null when no paper has that id. */
  paper?: Maybe<Paper>;
  /** All papers ordered by id, a page at a time (Relay connection), optionally filtered. */
  papers: PaperConnection;
  /**
   * Papers related to a paper (by id or alias), best first, never the paper itself. An unknown paperId is a NOT_FOUND
   * error. Ranked by a weighted fusion of seven signals (see Signal.name), each normalised over the query's candidates;
   * every answer says why it is there. Papers with score 0 are never returned, so a list may be shorter than `first`.
   * All weights 0 and an unknown `mustShareConcept` are BAD_USER_INPUT.
   */
  relatedPapers: Array<RelatedPaper>;
  /**
   * Papers related to free text such as a draft abstract: its embedding, its words and the concepts and methods
   * extracted from it, fused as relatedPapers. `text`: at most 20,000 characters; a text without a topical word is
   * BAD_USER_INPUT.
   */
  relatedToText: Array<RelatedPaper>;
  /** Free-text search: embedding and lexical (BM25) signals fused; best first. `query`: at most 1,000 characters. */
  search: Array<SearchHit>;
  /** What the store holds. */
  stats: GraphStats;
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryConceptArgs = {
  name: Scalars['String']['input'];
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryConceptNeighbourhoodArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryConceptsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ConceptFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryMethodArgs = {
  name: Scalars['String']['input'];
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryMethodLineageArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  direction?: InputMaybe<LineageDirection>;
  first?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryMethodsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MethodFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryPaperArgs = {
  id: Scalars['ID']['input'];
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryPapersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PaperFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryRelatedPapersArgs = {
  exclude?: InputMaybe<Array<Scalars['ID']['input']>>;
  first?: InputMaybe<Scalars['Int']['input']>;
  mustShareConcept?: InputMaybe<Scalars['String']['input']>;
  paperId: Scalars['ID']['input'];
  weights?: InputMaybe<SignalWeights>;
  yearFrom?: InputMaybe<Scalars['Int']['input']>;
  yearTo?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QueryRelatedToTextArgs = {
  exclude?: InputMaybe<Array<Scalars['ID']['input']>>;
  first?: InputMaybe<Scalars['Int']['input']>;
  mustShareConcept?: InputMaybe<Scalars['String']['input']>;
  text: Scalars['String']['input'];
  weights?: InputMaybe<SignalWeights>;
  yearFrom?: InputMaybe<Scalars['Int']['input']>;
  yearTo?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution with HTTP 4xx and `extensions.code`; every one in README "Limits"): `first` at
 * most 100 on every list, query depth at most 8, cost at most 5000 (every list counted by its bound, nested lists
 * multiply; a ranking field costs 1000, so at most 4 per request), `search(query:)` at most 1,000 characters,
 * `relatedToText(text:)` at most 20,000, any other string argument at most 1,000 and any list argument at most 500
 * items (the `ingestPapers` records are checked by the ingest pipeline instead).
 */
export type QuerySearchArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
};

/** A rejected record, or (in `warnings`) an accepted one with a field left out. */
export type Rejection = {
  __typename?: 'Rejection';
  /** The field at fault, when one is. */
  field?: Maybe<Scalars['String']['output']>;
  /** Position of the record in the `papers` argument, from 0. */
  index: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
};

export type RelatedPaper = {
  __typename?: 'RelatedPaper';
  paper: Paper;
  /** One line saying why, strongest reason first. */
  reason: Scalars['String']['output'];
  /** Sum of the signals' contributions, 0 to 1. */
  score: Scalars['Float']['output'];
  /** Concepts both papers mention, rarest first. */
  sharedConcepts: Array<Concept>;
  /** Methods both papers propose, use or compare against. */
  sharedMethods: Array<Method>;
  /**
   * What the score is made of: `embedding`, `lexical`, `concepts`, `methods`, `community`, `coupling` and
   * `cocitation` (always 7).
   */
  signals: Array<Signal>;
};


export type RelatedPaperSharedConceptsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type RelatedPaperSharedMethodsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What `removePapers` did. */
export type RemoveReport = {
  __typename?: 'RemoveReport';
  /** Ids given that were an alias of a paper rather than its id, with the paper each named (and removed). */
  aliases: Array<RemovedAlias>;
  /** The corpus graph as the answer leaves it. */
  corpusGraph: CorpusGraphState;
  /** Seconds the answer waited for the corpus graph (`waitForGraph`); 0 when it did not wait or nothing was removed. */
  corpusSeconds: Scalars['Float']['output'];
  /** Ids of the papers removed, each once, in the order first named. */
  removed: Array<Scalars['ID']['output']>;
  /** Ids given that name no paper of the store: nothing was removed for them. */
  unknown: Array<Scalars['ID']['output']>;
};

/** An id given to `removePapers` that is an alias of a paper. */
export type RemovedAlias = {
  __typename?: 'RemovedAlias';
  alias: Scalars['ID']['output'];
  /** The paper it names, which was removed. */
  paperId: Scalars['ID']['output'];
};

export type SearchHit = {
  __typename?: 'SearchHit';
  paper: Paper;
  /** Sum of the signals' contributions, 0 to 1. */
  score: Scalars['Float']['output'];
  /** What the score is made of: `embedding` and `lexical` (always 2). */
  signals: Array<Signal>;
};

/** One piece of evidence behind a score. */
export type Signal = {
  __typename?: 'Signal';
  /**
   * False when the signal could not be measured for this pair (no embedding model loaded, a paper without a vector
   * of the configured model, a paper with no known citations for `coupling` and `cocitation`); its weight then goes to
   * the available signals.
   */
  available: Scalars['Boolean']['output'];
  /**
   * The share of the score this signal gave: its weight times its value normalised to 0..1 (related work: over the
   * query's candidates, from the lowest candidate's value to what an identical paper would score).
   */
  contribution: Scalars['Float']['output'];
  /**
   * Which evidence: `embedding` (cosine similarity of sentence embeddings), `lexical` (BM25), and for
   * related work `concepts` (IDF-weighted share of the query's concepts), `methods` (lineage proximity),
   * `community` (concept-community overlap), `coupling` (shared references) and `cocitation` (shared citers).
   */
  name: Scalars['String']['output'];
  /** The raw measurement: cosine similarity, BM25 score (0 when the paper did not match lexically), or 0..1 overlap. */
  value: Scalars['Float']['output'];
};

/**
 * Relative weights of the related-work signals: non-negative; only their ratios matter (the weights of the available
 * signals are rescaled to sum to 1). An omitted signal keeps its default weight.
 */
export type SignalWeights = {
  /** Co-citation: the papers citing both (cosine of their citer sets). Only when citations are known. */
  cocitation?: InputMaybe<Scalars['Float']['input']>;
  /** Overlap of the two papers' concept communities. */
  community?: InputMaybe<Scalars['Float']['input']>;
  /** Share of the query's concepts both mention, by IDF × the query's mention weight (rare, prominent concepts count more). */
  concepts?: InputMaybe<Scalars['Float']['input']>;
  /** Bibliographic coupling: the references both cite (cosine of their reference sets). Only when citations are known. */
  coupling?: InputMaybe<Scalars['Float']['input']>;
  /** Cosine similarity of the sentence embeddings. */
  embedding?: InputMaybe<Scalars['Float']['input']>;
  /** BM25 of the query's words in the candidate's title and abstract. */
  lexical?: InputMaybe<Scalars['Float']['input']>;
  /** The same method, or a parent, child or sibling in the method lineage. */
  methods?: InputMaybe<Scalars['Float']['input']>;
};

/** How many papers of one publication year. */
export type YearCount = {
  __typename?: 'YearCount';
  papers: Scalars['Int']['output'];
  year: Scalars['Int']['output'];
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Concept: ResolverTypeWrapper<ConceptNodeModel>;
  ConceptConnection: ResolverTypeWrapper<Omit<ConceptConnection, 'edges'> & { edges: Array<ResolversTypes['ConceptConnectionEdge']> }>;
  ConceptConnectionEdge: ResolverTypeWrapper<Omit<ConceptConnectionEdge, 'node'> & { node: ResolversTypes['Concept'] }>;
  ConceptEdge: ResolverTypeWrapper<ConceptNeighbourModel>;
  ConceptFilter: ConceptFilter;
  ConceptKind: ConceptKind;
  ConceptLink: ResolverTypeWrapper<NeighbourhoodLinkModel>;
  ConceptNeighbourhood: ResolverTypeWrapper<NeighbourhoodModel>;
  CorpusGraphState: ResolverTypeWrapper<CorpusGraphState>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GraphStats: ResolverTypeWrapper<GraphStats>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IngestReport: ResolverTypeWrapper<IngestReport>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  LineageDirection: LineageDirection;
  LineageEdge: ResolverTypeWrapper<LineageEdgeModel>;
  LineageRelation: LineageRelation;
  Merge: ResolverTypeWrapper<Merge>;
  Method: ResolverTypeWrapper<MethodNodeModel>;
  MethodConnection: ResolverTypeWrapper<Omit<MethodConnection, 'edges'> & { edges: Array<ResolversTypes['MethodConnectionEdge']> }>;
  MethodConnectionEdge: ResolverTypeWrapper<Omit<MethodConnectionEdge, 'node'> & { node: ResolversTypes['Method'] }>;
  MethodFilter: MethodFilter;
  MethodLineage: ResolverTypeWrapper<LineageModel>;
  MethodRole: MethodRole;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Paper: ResolverTypeWrapper<PaperModel>;
  PaperConcept: ResolverTypeWrapper<WeightedConceptModel>;
  PaperConnection: ResolverTypeWrapper<Omit<PaperConnection, 'edges'> & { edges: Array<ResolversTypes['PaperEdge']> }>;
  PaperEdge: ResolverTypeWrapper<Omit<PaperEdge, 'node'> & { node: ResolversTypes['Paper'] }>;
  PaperFilter: PaperFilter;
  PaperInput: PaperInput;
  PaperMethod: ResolverTypeWrapper<PaperMethodRoleModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Rejection: ResolverTypeWrapper<Rejection>;
  RelatedPaper: ResolverTypeWrapper<RelatedPaperModel>;
  RemoveReport: ResolverTypeWrapper<RemoveReport>;
  RemovedAlias: ResolverTypeWrapper<RemovedAlias>;
  SearchHit: ResolverTypeWrapper<RankedPaperModel>;
  Signal: ResolverTypeWrapper<Signal>;
  SignalWeights: SignalWeights;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  YearCount: ResolverTypeWrapper<YearCount>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Boolean: Scalars['Boolean']['output'];
  Concept: ConceptNodeModel;
  ConceptConnection: Omit<ConceptConnection, 'edges'> & { edges: Array<ResolversParentTypes['ConceptConnectionEdge']> };
  ConceptConnectionEdge: Omit<ConceptConnectionEdge, 'node'> & { node: ResolversParentTypes['Concept'] };
  ConceptEdge: ConceptNeighbourModel;
  ConceptFilter: ConceptFilter;
  ConceptLink: NeighbourhoodLinkModel;
  ConceptNeighbourhood: NeighbourhoodModel;
  CorpusGraphState: CorpusGraphState;
  Float: Scalars['Float']['output'];
  GraphStats: GraphStats;
  ID: Scalars['ID']['output'];
  IngestReport: IngestReport;
  Int: Scalars['Int']['output'];
  LineageEdge: LineageEdgeModel;
  Merge: Merge;
  Method: MethodNodeModel;
  MethodConnection: Omit<MethodConnection, 'edges'> & { edges: Array<ResolversParentTypes['MethodConnectionEdge']> };
  MethodConnectionEdge: Omit<MethodConnectionEdge, 'node'> & { node: ResolversParentTypes['Method'] };
  MethodFilter: MethodFilter;
  MethodLineage: LineageModel;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Paper: PaperModel;
  PaperConcept: WeightedConceptModel;
  PaperConnection: Omit<PaperConnection, 'edges'> & { edges: Array<ResolversParentTypes['PaperEdge']> };
  PaperEdge: Omit<PaperEdge, 'node'> & { node: ResolversParentTypes['Paper'] };
  PaperFilter: PaperFilter;
  PaperInput: PaperInput;
  PaperMethod: PaperMethodRoleModel;
  Query: Record<PropertyKey, never>;
  Rejection: Rejection;
  RelatedPaper: RelatedPaperModel;
  RemoveReport: RemoveReport;
  RemovedAlias: RemovedAlias;
  SearchHit: RankedPaperModel;
  Signal: Signal;
  SignalWeights: SignalWeights;
  String: Scalars['String']['output'];
  YearCount: YearCount;
};

export type ConceptResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Concept'] = ResolversParentTypes['Concept']> = {
  aliases?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  broad?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  broader?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType, RequireFields<ConceptBroaderArgs, 'first'>>;
  community?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ConceptKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  narrower?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType, RequireFields<ConceptNarrowerArgs, 'first'>>;
  neighbours?: Resolver<Array<ResolversTypes['ConceptEdge']>, ParentType, ContextType, RequireFields<ConceptNeighboursArgs, 'first'>>;
  paperCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  papers?: Resolver<ResolversTypes['PaperConnection'], ParentType, ContextType, RequireFields<ConceptPapersArgs, 'first'>>;
  timeline?: Resolver<Array<ResolversTypes['YearCount']>, ParentType, ContextType>;
};

export type ConceptConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ConceptConnection'] = ResolversParentTypes['ConceptConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ConceptConnectionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ConceptConnectionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ConceptConnectionEdge'] = ResolversParentTypes['ConceptConnectionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Concept'], ParentType, ContextType>;
};

export type ConceptEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ConceptEdge'] = ResolversParentTypes['ConceptEdge']> = {
  concept?: Resolver<ResolversTypes['Concept'], ParentType, ContextType>;
  cooccurrences?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ConceptLinkResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ConceptLink'] = ResolversParentTypes['ConceptLink']> = {
  cooccurrences?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  papers?: Resolver<Array<ResolversTypes['Paper']>, ParentType, ContextType, RequireFields<ConceptLinkPapersArgs, 'first'>>;
  source?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ConceptNeighbourhoodResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ConceptNeighbourhood'] = ResolversParentTypes['ConceptNeighbourhood']> = {
  center?: Resolver<ResolversTypes['Concept'], ParentType, ContextType>;
  edges?: Resolver<Array<ResolversTypes['ConceptLink']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
};

export type CorpusGraphStateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CorpusGraphState'] = ResolversParentTypes['CorpusGraphState']> = {
  communitiesError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  communitiesFresh?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  communitiesGeneration?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  communitiesUpdatedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  communitiesUpdating?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fresh?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  graphGeneration?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastCommunitiesSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastUpdateSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  papersGeneration?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updating?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type GraphStatsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['GraphStats'] = ResolversParentTypes['GraphStats']> = {
  concepts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  embeddedPapers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  embeddingModel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  embeddingModelLoaded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lineageEdges?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  methods?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  papers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type IngestReportResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IngestReport'] = ResolversParentTypes['IngestReport']> = {
  accepted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  corpusGraph?: Resolver<ResolversTypes['CorpusGraphState'], ParentType, ContextType>;
  inserted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  merged?: Resolver<Array<ResolversTypes['Merge']>, ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refreshed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rejected?: Resolver<Array<ResolversTypes['Rejection']>, ParentType, ContextType>;
  unchanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['Rejection']>, ParentType, ContextType>;
  withoutVector?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type LineageEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LineageEdge'] = ResolversParentTypes['LineageEdge']> = {
  child?: Resolver<ResolversTypes['Method'], ParentType, ContextType>;
  confidence?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  evidence?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paper?: Resolver<Maybe<ResolversTypes['Paper']>, ParentType, ContextType>;
  parent?: Resolver<ResolversTypes['Method'], ParentType, ContextType>;
  relation?: Resolver<ResolversTypes['LineageRelation'], ParentType, ContextType>;
};

export type MergeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Merge'] = ResolversParentTypes['Merge']> = {
  by?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  into?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type MethodResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Method'] = ResolversParentTypes['Method']> = {
  aliases?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  children?: Resolver<Array<ResolversTypes['LineageEdge']>, ParentType, ContextType, RequireFields<MethodChildrenArgs, 'first'>>;
  comparedBy?: Resolver<Array<ResolversTypes['Paper']>, ParentType, ContextType, RequireFields<MethodComparedByArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paperCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  parents?: Resolver<Array<ResolversTypes['LineageEdge']>, ParentType, ContextType, RequireFields<MethodParentsArgs, 'first'>>;
  proposedBy?: Resolver<Array<ResolversTypes['Paper']>, ParentType, ContextType, RequireFields<MethodProposedByArgs, 'first'>>;
  timeline?: Resolver<Array<ResolversTypes['YearCount']>, ParentType, ContextType>;
  usedBy?: Resolver<Array<ResolversTypes['Paper']>, ParentType, ContextType, RequireFields<MethodUsedByArgs, 'first'>>;
};

export type MethodConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MethodConnection'] = ResolversParentTypes['MethodConnection']> = {
  edges?: Resolver<Array<ResolversTypes['MethodConnectionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MethodConnectionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MethodConnectionEdge'] = ResolversParentTypes['MethodConnectionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Method'], ParentType, ContextType>;
};

export type MethodLineageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MethodLineage'] = ResolversParentTypes['MethodLineage']> = {
  edges?: Resolver<Array<ResolversTypes['LineageEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Method']>, ParentType, ContextType>;
  root?: Resolver<ResolversTypes['Method'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  ingestPapers?: Resolver<ResolversTypes['IngestReport'], ParentType, ContextType, RequireFields<MutationIngestPapersArgs, 'papers' | 'waitForGraph'>>;
  removePapers?: Resolver<ResolversTypes['RemoveReport'], ParentType, ContextType, RequireFields<MutationRemovePapersArgs, 'ids' | 'waitForGraph'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PaperResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Paper'] = ResolversParentTypes['Paper']> = {
  abstract?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  aliases?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  authors?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  citedBy?: Resolver<ResolversTypes['PaperConnection'], ParentType, ContextType, RequireFields<PaperCitedByArgs, 'first'>>;
  concepts?: Resolver<Array<ResolversTypes['PaperConcept']>, ParentType, ContextType, RequireFields<PaperConceptsArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  keywords?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  methods?: Resolver<Array<ResolversTypes['PaperMethod']>, ParentType, ContextType, RequireFields<PaperMethodsArgs, 'first'>>;
  references?: Resolver<ResolversTypes['PaperConnection'], ParentType, ContextType, RequireFields<PaperReferencesArgs, 'first'>>;
  related?: Resolver<Array<ResolversTypes['RelatedPaper']>, ParentType, ContextType, RequireFields<PaperRelatedArgs, 'first'>>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unresolvedReferences?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  venue?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  year?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type PaperConceptResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaperConcept'] = ResolversParentTypes['PaperConcept']> = {
  concept?: Resolver<ResolversTypes['Concept'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type PaperConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaperConnection'] = ResolversParentTypes['PaperConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PaperEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PaperEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaperEdge'] = ResolversParentTypes['PaperEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Paper'], ParentType, ContextType>;
};

export type PaperMethodResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaperMethod'] = ResolversParentTypes['PaperMethod']> = {
  evidence?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['Method'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['MethodRole'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  concept?: Resolver<Maybe<ResolversTypes['Concept']>, ParentType, ContextType, RequireFields<QueryConceptArgs, 'name'>>;
  conceptNeighbourhood?: Resolver<Maybe<ResolversTypes['ConceptNeighbourhood']>, ParentType, ContextType, RequireFields<QueryConceptNeighbourhoodArgs, 'depth' | 'first' | 'name'>>;
  concepts?: Resolver<ResolversTypes['ConceptConnection'], ParentType, ContextType, RequireFields<QueryConceptsArgs, 'first'>>;
  corpusGraph?: Resolver<ResolversTypes['CorpusGraphState'], ParentType, ContextType>;
  method?: Resolver<Maybe<ResolversTypes['Method']>, ParentType, ContextType, RequireFields<QueryMethodArgs, 'name'>>;
  methodLineage?: Resolver<Maybe<ResolversTypes['MethodLineage']>, ParentType, ContextType, RequireFields<QueryMethodLineageArgs, 'depth' | 'direction' | 'first' | 'name'>>;
  methods?: Resolver<ResolversTypes['MethodConnection'], ParentType, ContextType, RequireFields<QueryMethodsArgs, 'first'>>;
  paper?: Resolver<Maybe<ResolversTypes['Paper']>, ParentType, ContextType, RequireFields<QueryPaperArgs, 'id'>>;
  papers?: Resolver<ResolversTypes['PaperConnection'], ParentType, ContextType, RequireFields<QueryPapersArgs, 'first'>>;
  relatedPapers?: Resolver<Array<ResolversTypes['RelatedPaper']>, ParentType, ContextType, RequireFields<QueryRelatedPapersArgs, 'first' | 'paperId'>>;
  relatedToText?: Resolver<Array<ResolversTypes['RelatedPaper']>, ParentType, ContextType, RequireFields<QueryRelatedToTextArgs, 'first' | 'text'>>;
  search?: Resolver<Array<ResolversTypes['SearchHit']>, ParentType, ContextType, RequireFields<QuerySearchArgs, 'first' | 'query'>>;
  stats?: Resolver<ResolversTypes['GraphStats'], ParentType, ContextType>;
};

export type RejectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Rejection'] = ResolversParentTypes['Rejection']> = {
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RelatedPaperResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RelatedPaper'] = ResolversParentTypes['RelatedPaper']> = {
  paper?: Resolver<ResolversTypes['Paper'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sharedConcepts?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType, RequireFields<RelatedPaperSharedConceptsArgs, 'first'>>;
  sharedMethods?: Resolver<Array<ResolversTypes['Method']>, ParentType, ContextType, RequireFields<RelatedPaperSharedMethodsArgs, 'first'>>;
  signals?: Resolver<Array<ResolversTypes['Signal']>, ParentType, ContextType>;
};

export type RemoveReportResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RemoveReport'] = ResolversParentTypes['RemoveReport']> = {
  aliases?: Resolver<Array<ResolversTypes['RemovedAlias']>, ParentType, ContextType>;
  corpusGraph?: Resolver<ResolversTypes['CorpusGraphState'], ParentType, ContextType>;
  corpusSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  removed?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  unknown?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type RemovedAliasResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RemovedAlias'] = ResolversParentTypes['RemovedAlias']> = {
  alias?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  paperId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SearchHitResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SearchHit'] = ResolversParentTypes['SearchHit']> = {
  paper?: Resolver<ResolversTypes['Paper'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  signals?: Resolver<Array<ResolversTypes['Signal']>, ParentType, ContextType>;
};

export type SignalResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Signal'] = ResolversParentTypes['Signal']> = {
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  contribution?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type YearCountResolvers<ContextType = Context, ParentType extends ResolversParentTypes['YearCount'] = ResolversParentTypes['YearCount']> = {
  papers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  year?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Concept?: ConceptResolvers<ContextType>;
  ConceptConnection?: ConceptConnectionResolvers<ContextType>;
  ConceptConnectionEdge?: ConceptConnectionEdgeResolvers<ContextType>;
  ConceptEdge?: ConceptEdgeResolvers<ContextType>;
  ConceptLink?: ConceptLinkResolvers<ContextType>;
  ConceptNeighbourhood?: ConceptNeighbourhoodResolvers<ContextType>;
  CorpusGraphState?: CorpusGraphStateResolvers<ContextType>;
  GraphStats?: GraphStatsResolvers<ContextType>;
  IngestReport?: IngestReportResolvers<ContextType>;
  LineageEdge?: LineageEdgeResolvers<ContextType>;
  Merge?: MergeResolvers<ContextType>;
  Method?: MethodResolvers<ContextType>;
  MethodConnection?: MethodConnectionResolvers<ContextType>;
  MethodConnectionEdge?: MethodConnectionEdgeResolvers<ContextType>;
  MethodLineage?: MethodLineageResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Paper?: PaperResolvers<ContextType>;
  PaperConcept?: PaperConceptResolvers<ContextType>;
  PaperConnection?: PaperConnectionResolvers<ContextType>;
  PaperEdge?: PaperEdgeResolvers<ContextType>;
  PaperMethod?: PaperMethodResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Rejection?: RejectionResolvers<ContextType>;
  RelatedPaper?: RelatedPaperResolvers<ContextType>;
  RemoveReport?: RemoveReportResolvers<ContextType>;
  RemovedAlias?: RemovedAliasResolvers<ContextType>;
  SearchHit?: SearchHitResolvers<ContextType>;
  Signal?: SignalResolvers<ContextType>;
  YearCount?: YearCountResolvers<ContextType>;
};

