import type { GraphQLResolveInfo } from 'graphql';
import type { Paper as PaperModel } from '../domain';
import type { RankedPaper as RankedPaperModel } from '../services/ranking';
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

export type GraphStats = {
  __typename?: 'GraphStats';
  /** Papers with a vector from the configured embedding model. */
  embeddedPapers: Scalars['Int']['output'];
  /** The configured embedding model. */
  embeddingModel?: Maybe<Scalars['String']['output']>;
  /** Whether the server could load that model: without it search is lexical only. */
  embeddingModelLoaded: Scalars['Boolean']['output'];
  papers: Scalars['Int']['output'];
};

export type IngestReport = {
  __typename?: 'IngestReport';
  /** Records accepted: inserted + updated + unchanged + embedded. */
  accepted: Scalars['Int']['output'];
  /** Unchanged papers whose vector was made anew. */
  embedded: Scalars['Int']['output'];
  inserted: Scalars['Int']['output'];
  /** Records received. */
  read: Scalars['Int']['output'];
  rejected: Array<Rejection>;
  unchanged: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
  /** Papers written without a vector (no embedding model loaded). */
  withoutVector: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Ingests papers through the same pipeline as `litgraph ingest` (validation, embedding, idempotent upsert).
   * Requires `Authorization: Bearer <LITGRAPH_API_KEY>`; disabled (FORBIDDEN) when the server has no key.
   * At most 500 papers per call.
   */
  ingestPapers: IngestReport;
};


export type MutationIngestPapersArgs = {
  papers: Array<PaperInput>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Paper = {
  __typename?: 'Paper';
  abstract?: Maybe<Scalars['String']['output']>;
  authors: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  keywords: Array<Scalars['String']['output']>;
  /** Papers related to this one, as `relatedPapers(paperId: id)`. */
  related: Array<RelatedPaper>;
  title: Scalars['String']['output'];
  url?: Maybe<Scalars['String']['output']>;
  venue?: Maybe<Scalars['String']['output']>;
  year?: Maybe<Scalars['Int']['output']>;
};


export type PaperRelatedArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
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
  arxivId?: InputMaybe<Scalars['String']['input']>;
  authors?: InputMaybe<Array<Scalars['String']['input']>>;
  doi?: InputMaybe<Scalars['String']['input']>;
  /** The paper's own stable id; else one is derived from doi, arxivId or the title. */
  id?: InputMaybe<Scalars['ID']['input']>;
  keywords?: InputMaybe<Array<Scalars['String']['input']>>;
  title: Scalars['String']['input'];
  url?: InputMaybe<Scalars['String']['input']>;
  venue?: InputMaybe<Scalars['String']['input']>;
  year?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution, see docs/api.md): `first` at most 100, query depth at most 8, cost at most 5000.
 */
export type Query = {
  __typename?: 'Query';
  /** One paper by id; null when no paper has that id. */
  paper?: Maybe<Paper>;
  /** All papers ordered by id, a page at a time (Relay connection), optionally filtered. */
  papers: PaperConnection;
  /** Papers related to a paper, best first, never the paper itself. An unknown paperId is a NOT_FOUND error. */
  relatedPapers: Array<RelatedPaper>;
  /** Free-text search: semantic (embedding) and lexical (BM25) signals fused; best first. */
  search: Array<SearchHit>;
  /** What the store holds. */
  stats: GraphStats;
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution, see docs/api.md): `first` at most 100, query depth at most 8, cost at most 5000.
 */
export type QueryPaperArgs = {
  id: Scalars['ID']['input'];
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution, see docs/api.md): `first` at most 100, query depth at most 8, cost at most 5000.
 */
export type QueryPapersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PaperFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution, see docs/api.md): `first` at most 100, query depth at most 8, cost at most 5000.
 */
export type QueryRelatedPapersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  paperId: Scalars['ID']['input'];
};


/**
 * litgraph's public GraphQL contract. Names and shapes here are relied on by other tools: add fields, never rename.
 * Limits (rejected before execution, see docs/api.md): `first` at most 100, query depth at most 8, cost at most 5000.
 */
export type QuerySearchArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
};

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
  /** Sum of the signals' contributions, 0 to 1. */
  score: Scalars['Float']['output'];
  /** What the score is made of: `embedding` and `lexical`. */
  signals: Array<Signal>;
};

export type SearchHit = {
  __typename?: 'SearchHit';
  paper: Paper;
  /** Sum of the signals' contributions, 0 to 1. */
  score: Scalars['Float']['output'];
  /** What the score is made of: `semantic` and `lexical`. */
  signals: Array<Signal>;
};

/** One piece of evidence behind a score. */
export type Signal = {
  __typename?: 'Signal';
  /**
   * False when the signal could not be measured for this pair (no embedding model loaded, or a paper without a
   * vector of the configured model); its weight then goes to the available signals.
   */
  available: Scalars['Boolean']['output'];
  /** The share of the score this signal gave: its weight times its value normalised to 0..1. */
  contribution: Scalars['Float']['output'];
  /** Which evidence: `semantic`/`embedding` (cosine similarity of sentence embeddings), `lexical` (BM25). */
  name: Scalars['String']['output'];
  /** The raw measurement: cosine similarity, or BM25 score (0 when the paper did not match lexically). */
  value: Scalars['Float']['output'];
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
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GraphStats: ResolverTypeWrapper<GraphStats>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IngestReport: ResolverTypeWrapper<IngestReport>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Paper: ResolverTypeWrapper<PaperModel>;
  PaperConnection: ResolverTypeWrapper<Omit<PaperConnection, 'edges'> & { edges: Array<ResolversTypes['PaperEdge']> }>;
  PaperEdge: ResolverTypeWrapper<Omit<PaperEdge, 'node'> & { node: ResolversTypes['Paper'] }>;
  PaperFilter: PaperFilter;
  PaperInput: PaperInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Rejection: ResolverTypeWrapper<Rejection>;
  RelatedPaper: ResolverTypeWrapper<RankedPaperModel>;
  SearchHit: ResolverTypeWrapper<RankedPaperModel>;
  Signal: ResolverTypeWrapper<Signal>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Boolean: Scalars['Boolean']['output'];
  Float: Scalars['Float']['output'];
  GraphStats: GraphStats;
  ID: Scalars['ID']['output'];
  IngestReport: IngestReport;
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Paper: PaperModel;
  PaperConnection: Omit<PaperConnection, 'edges'> & { edges: Array<ResolversParentTypes['PaperEdge']> };
  PaperEdge: Omit<PaperEdge, 'node'> & { node: ResolversParentTypes['Paper'] };
  PaperFilter: PaperFilter;
  PaperInput: PaperInput;
  Query: Record<PropertyKey, never>;
  Rejection: Rejection;
  RelatedPaper: RankedPaperModel;
  SearchHit: RankedPaperModel;
  Signal: Signal;
  String: Scalars['String']['output'];
};

export type GraphStatsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['GraphStats'] = ResolversParentTypes['GraphStats']> = {
  embeddedPapers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  embeddingModel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  embeddingModelLoaded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  papers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type IngestReportResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IngestReport'] = ResolversParentTypes['IngestReport']> = {
  accepted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  embedded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  inserted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rejected?: Resolver<Array<ResolversTypes['Rejection']>, ParentType, ContextType>;
  unchanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  withoutVector?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  ingestPapers?: Resolver<ResolversTypes['IngestReport'], ParentType, ContextType, RequireFields<MutationIngestPapersArgs, 'papers'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PaperResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Paper'] = ResolversParentTypes['Paper']> = {
  abstract?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  authors?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  keywords?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  related?: Resolver<Array<ResolversTypes['RelatedPaper']>, ParentType, ContextType, RequireFields<PaperRelatedArgs, 'first'>>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  venue?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  year?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
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

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  paper?: Resolver<Maybe<ResolversTypes['Paper']>, ParentType, ContextType, RequireFields<QueryPaperArgs, 'id'>>;
  papers?: Resolver<ResolversTypes['PaperConnection'], ParentType, ContextType, RequireFields<QueryPapersArgs, 'first'>>;
  relatedPapers?: Resolver<Array<ResolversTypes['RelatedPaper']>, ParentType, ContextType, RequireFields<QueryRelatedPapersArgs, 'first' | 'paperId'>>;
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
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  signals?: Resolver<Array<ResolversTypes['Signal']>, ParentType, ContextType>;
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

export type Resolvers<ContextType = Context> = {
  GraphStats?: GraphStatsResolvers<ContextType>;
  IngestReport?: IngestReportResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Paper?: PaperResolvers<ContextType>;
  PaperConnection?: PaperConnectionResolvers<ContextType>;
  PaperEdge?: PaperEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Rejection?: RejectionResolvers<ContextType>;
  RelatedPaper?: RelatedPaperResolvers<ContextType>;
  SearchHit?: SearchHitResolvers<ContextType>;
  Signal?: SignalResolvers<ContextType>;
};

