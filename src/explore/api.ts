// The explorer is a client of litgraph's public GraphQL API and nothing else: every figure on screen comes from one
// of the operations below, posted to the same server's /graphql.

const ENDPOINT = new URL('../graphql', location.href).pathname;

export class ApiError extends Error {
  constructor(
    message: string,
    /** The errors' `extensions.code`s (NOT_FOUND, BAD_USER_INPUT, …). */
    readonly codes: string[] = [],
  ) {
    super(message);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('the litgraph server does not answer (is it still running?)');
  }
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (!body) throw new ApiError(`the server answered ${res.status} without a GraphQL response`);
  if (body.errors?.length) {
    throw new ApiError(body.errors.map((e) => e.message).join('; '), body.errors.map((e) => e.extensions?.code ?? ''));
  }
  return body.data as T;
}

/** The GraphQL IDE with `query` prefilled (GraphiQL reads the `query` URL parameter). */
export function ideLink(query: string): string {
  return `${new URL('../', location.href).pathname}?query=${encodeURIComponent(query)}`;
}

export interface PaperRef {
  id: string;
  title: string;
  year: number | null;
}
export interface ConceptRef {
  id: string;
  name: string;
  paperCount: number;
  community: number | null;
}
export interface YearCount {
  year: number;
  papers: number;
}

// ---------------------------------------------------------------- search suggestions

export interface Suggestions {
  concepts: { edges: { node: ConceptRef }[] };
  methods: { edges: { node: { id: string; name: string; paperCount: number } }[] };
  search: { paper: PaperRef & { venue: string | null } }[];
}
export const SUGGEST = `query Suggest($q: String!) {
  concepts(first: 5, filter: { nameContains: $q }) { edges { node { id name paperCount community } } }
  methods(first: 5, filter: { nameContains: $q }) { edges { node { id name paperCount } } }
  search(query: $q, first: 5) { paper { id title year venue } }
}`;

// ---------------------------------------------------------------- home

export interface Overview {
  stats: { papers: number; embeddedPapers: number; concepts: number; methods: number; lineageEdges: number; embeddingModel: string | null };
  concepts: { edges: { node: ConceptRef }[] };
  methods: { edges: { node: { id: string; name: string; paperCount: number } }[] };
  papers: { edges: { node: PaperRef }[] };
}
export const OVERVIEW = `query Overview {
  stats { papers embeddedPapers concepts methods lineageEdges embeddingModel }
  concepts(first: 14, filter: { minPapers: 2 }) { edges { node { id name paperCount community } } }
  methods(first: 10) { edges { node { id name paperCount } } }
  papers(first: 6) { edges { node { id title year } } }
}`;

// ---------------------------------------------------------------- concepts

export interface ConceptDetail extends ConceptRef {
  aliases: string[];
  kind: string;
  timeline: YearCount[];
  broader: ConceptRef[];
  narrower: ConceptRef[];
  papers: { totalCount: number; edges: { node: PaperRef }[] };
}
export interface Neighbourhood {
  center: ConceptRef;
  nodes: ConceptRef[];
  edges: { source: string; target: string; weight: number; cooccurrences: number }[];
}
export const CONCEPT = `query Concept($name: String!, $first: Int!) {
  concept(name: $name) {
    id name aliases kind paperCount community
    timeline { year papers }
    broader { id name paperCount community }
    narrower { id name paperCount community }
    papers(first: 8) { totalCount edges { node { id title year } } }
  }
  conceptNeighbourhood(name: $name, depth: 1, first: $first) {
    center { id name paperCount community }
    nodes { id name paperCount community }
    edges { source target weight cooccurrences }
  }
}`;

// ---------------------------------------------------------------- methods

export interface MethodRef {
  id: string;
  name: string;
  paperCount: number;
  proposedBy: PaperRef[];
}
export interface LineageEdge {
  child: { id: string };
  parent: { id: string };
  relation: 'EXTENDS' | 'VARIANT_OF' | 'BUILDS_ON' | 'FAMILY';
  evidence: string;
  confidence: number;
  paper: PaperRef | null;
}
export interface MethodDetail {
  method: (MethodRef & { aliases: string[]; timeline: YearCount[]; usedBy: PaperRef[]; comparedBy: PaperRef[] }) | null;
  methodLineage: { root: MethodRef; nodes: MethodRef[]; edges: LineageEdge[] } | null;
}
export const METHOD = `query Method($name: String!) {
  method(name: $name) {
    id name aliases paperCount
    timeline { year papers }
    proposedBy { id title year }
    usedBy { id title year }
    comparedBy { id title year }
  }
  methodLineage(name: $name, direction: BOTH, depth: 4) {
    root { ...M }
    nodes { ...M }
    edges { child { id } parent { id } relation evidence confidence paper { id title year } }
  }
}
fragment M on Method { id name paperCount proposedBy(first: 10) { id title year } }`;

// ---------------------------------------------------------------- related work

export const SIGNALS = ['embedding', 'lexical', 'concepts', 'methods', 'community', 'coupling', 'cocitation'] as const;
export type SignalName = (typeof SIGNALS)[number];
export type Weights = Record<SignalName, number>;
/** The server's default weights (src/services/related.ts RELATED_WEIGHTS), shown on the sliders before any change. */
export const DEFAULT_WEIGHTS: Weights = {
  embedding: 0.22,
  lexical: 0.44,
  concepts: 0.22,
  methods: 0.11,
  community: 0.01,
  coupling: 0.11,
  cocitation: 0.11,
};

export interface Related {
  score: number;
  reason: string;
  paper: PaperRef & { venue: string | null };
  signals: { name: string; value: number; contribution: number; available: boolean }[];
  sharedConcepts: { id: string; name: string }[];
  sharedMethods: { id: string; name: string }[];
}
const RELATED_FIELDS = `score reason
    paper { id title year venue }
    signals { name value contribution available }
    sharedConcepts { id name }
    sharedMethods { id name }`;
export const RELATED = `query Related($id: ID!, $weights: SignalWeights, $first: Int!) {
  paper(id: $id) { id title year }
  relatedPapers(paperId: $id, first: $first, weights: $weights) { ${RELATED_FIELDS} }
}`;
export const RELATED_TO_TEXT = `query RelatedToText($text: String!, $weights: SignalWeights, $first: Int!) {
  relatedToText(text: $text, first: $first, weights: $weights) { ${RELATED_FIELDS} }
}`;

// ---------------------------------------------------------------- one paper

export interface PaperLineageEdge {
  child: { id: string; name: string };
  parent: { id: string; name: string };
  relation: string;
  evidence: string;
  confidence: number;
  paper: { id: string } | null;
}
export interface PaperDetail {
  id: string;
  title: string;
  year: number | null;
  venue: string | null;
  authors: string[];
  url: string | null;
  abstract: string | null;
  keywords: string[];
  concepts: { weight: number; concept: { id: string; name: string; aliases: string[] } }[];
  methods: {
    role: 'PROPOSES' | 'USES' | 'COMPARES';
    evidence: string | null;
    method: { id: string; name: string; aliases: string[]; parents: PaperLineageEdge[]; children: PaperLineageEdge[] };
  }[];
}
export const PAPER = `query Paper($id: ID!) {
  paper(id: $id) {
    id title year venue authors url abstract keywords
    concepts(first: 25) { weight concept { id name aliases } }
    methods(first: 20) {
      role evidence
      method { id name aliases parents(first: 5) { ...E } children(first: 5) { ...E } }
    }
  }
}
fragment E on LineageEdge { child { id name } parent { id name } relation evidence confidence paper { id } }`;
