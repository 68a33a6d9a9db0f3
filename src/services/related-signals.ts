import type { ConceptNode, MethodNode } from '../domain';
import { citationReason, type CitationProfile } from './citation-signals';
import type { NormaliserName } from './ranking';

/** Lineage proximity of a candidate's method to the query's: the same, a parent or child, a sibling (common parent). */
export const PROXIMITY = { same: 1, parent: 0.6, child: 0.6, sibling: 0.3 } as const;
export type MethodRelation = keyof typeof PROXIMITY;

/** What a query is made of: a stored paper's, or a free text's, evidence. */
export interface QueryProfile {
  selfId?: string;
  vector: Float32Array | null;
  /** Topical words for the lexical signal ('' when none). */
  words: string;
  /** Canonical concept keys with the query's mention weights. */
  concepts: Map<string, number>;
  /** Canonical method keys. */
  methods: Set<string>;
  /** The query's methods and their lineage neighbours: method key → nearest relation and the query's method. */
  methodNeighbours: Map<string, { relation: MethodRelation; to: string }>;
}

/** A method of a candidate and how it relates to one of the query's methods. */
export interface MethodLink {
  method: MethodNode;
  relation: MethodRelation;
  /** The query's method it relates to. */
  to: MethodNode;
}

/**
 * Everything the signals read about one query's candidates, gathered by `RelatedService` in a few batched store
 * calls (the "measure" step). A signal that needs more (citations, say) adds its field here and its read there.
 */
export interface Evidence {
  query: QueryProfile;
  /** Cosine similarity per candidate with a vector of the configured model. */
  similarity: Map<string, number>;
  /** BM25 per candidate that matched the query's words (absent: 0). */
  bm25: Map<string, number>;
  /** The query paper's own BM25 for its words, when the store returned it: what a duplicate would score. */
  selfBm25?: number;
  /** Papers in the store: the N of a concept's inverse document frequency. */
  papers: number;
  /** The query's concepts the store knows (none: the concepts signal is unavailable). */
  queryConcepts: ConceptNode[];
  /** Per candidate: the concepts both mention, rarest first. */
  sharedConcepts: Map<string, ConceptNode[]>;
  /** Per candidate: its methods related to the query's, strongest first. */
  methodLinks: Map<string, MethodLink[]>;
  /** The query's concept share per Louvain community. */
  queryCommunities: Map<number, number>;
  /** Per candidate: its concept share per community. */
  communities: Map<string, Map<number, number>>;
  /** References and citers the query shares with each candidate (none for free text or an uncited paper). */
  citations: CitationProfile;
}

/** What a signal's reason reads: the evidence of the ranked candidates only (a prepared answer keeps no more). */
export interface Explained {
  sharedConcepts: Evidence['sharedConcepts'];
  methodLinks: Evidence['methodLinks'];
  citations: Pick<CitationProfile, 'shared'>;
}

/**
 * One signal of related work: its name, its default weight, how its raw values are normalised per query (see
 * `normaliser` in ranking.ts), its raw value per candidate from the gathered evidence (null when the query cannot
 * give it: no vector, no words, no known concepts…), what an identical paper would score (the normaliser's
 * ceiling), and its evidence in words for the one-line reason.
 */
export interface RelatedSignal {
  name: string;
  weight: number;
  normaliser: NormaliserName;
  raw(e: Evidence, id: string): number | null;
  ceiling?(e: Evidence): number | undefined;
  explain(value: number, e: Explained, id: string): string;
}

/** Adamic-Adar weight of a concept or method mentioned by `paperCount` papers: rarer says more. */
export function rarity(paperCount: number): number {
  return 1 / Math.log(Math.max(2, paperCount) + 1);
}

/**
 * A concept's weight in the concepts signal: its inverse document frequency log(papers / paperCount) times the
 * query's mention weight (a concept of the title or named often counts more than one mentioned once in passing).
 */
export function conceptWeight(concept: ConceptNode, e: Evidence): number {
  return Math.log(Math.max(1, e.papers) / Math.max(1, concept.paperCount)) * (e.query.concepts.get(concept.key) ?? 0);
}

/** A method link's strength: its proximity times the method's rarity relative to a method of two papers. */
export function linkStrength(l: MethodLink): number {
  return PROXIMITY[l.relation] * (rarity(l.method.paperCount) / rarity(2));
}

/** Concept share per Louvain community, from a paper's concepts (concepts with no community are left out). */
export function communityProfile(concepts: Iterable<string>, nodes: Map<string, ConceptNode>): Map<number, number> {
  const counts = new Map<number, number>();
  let total = 0;
  for (const key of concepts) {
    const community = nodes.get(key)?.community;
    if (community === null || community === undefined) continue;
    counts.set(community, (counts.get(community) ?? 0) + 1);
    total++;
  }
  for (const [c, n] of counts) counts.set(c, n / total);
  return counts;
}

function list(names: string[], max = 3): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, …` : names.join(', ');
}

/**
 * The signals, in the order they are reported (the SDL's SignalWeights has one field per name). Default weights:
 * the fit of `npm run eval:related` to the three development sets, 2 : 4 : 2 : 1 : 0.1, as shares to two decimals
 * (the explorer's URLs carry three, so a shared link ranks exactly as the defaults do); README "Related work". The
 * two citation signals (services/citation-signals.ts) are not fitted (no development set has citations): half the
 * concepts' weight each, and unavailable, so without influence, for a paper with no known citations.
 */
export const RELATED_SIGNALS = [
  {
    name: 'embedding',
    weight: 0.22,
    normaliser: 'calibrated',
    raw: (e, id) => (e.query.vector ? (e.similarity.get(id) ?? null) : null),
    ceiling: () => 1,
    explain: (value) => `embedding similarity ${value.toFixed(2)}`,
  },
  {
    name: 'lexical',
    weight: 0.44,
    normaliser: 'calibrated',
    raw: (e, id) => (e.query.words ? (e.bm25.get(id) ?? 0) : null),
    ceiling: (e) => e.selfBm25,
    explain: (value) => `lexical match (BM25 ${value.toFixed(1)})`,
  },
  {
    name: 'concepts',
    weight: 0.22,
    normaliser: 'calibrated',
    raw: (e, id) => {
      const total = e.queryConcepts.reduce((s, c) => s + conceptWeight(c, e), 0);
      return total > 0 ? (e.sharedConcepts.get(id) ?? []).reduce((s, c) => s + conceptWeight(c, e), 0) / total : null;
    },
    ceiling: () => 1,
    explain: (_, e, id) => {
      const names = (e.sharedConcepts.get(id) ?? []).map((c) => c.name);
      return names.length === 1 ? `shares the concept ${names[0]}` : `shares ${names.length} concepts, rarest first (${list(names)})`;
    },
  },
  {
    name: 'methods',
    weight: 0.11,
    normaliser: 'calibrated',
    raw: (e, id) => {
      if (!e.query.methods.size) return null;
      const [best] = e.methodLinks.get(id) ?? [];
      return best ? linkStrength(best) : 0;
    },
    ceiling: () => 1,
    explain: (_, e, id) => {
      const l = e.methodLinks.get(id)![0];
      return l.relation === 'same'
        ? `the method ${l.method.name}`
        : `its method ${l.method.name} is a ${l.relation} of ${l.to.name} in the method lineage`;
    },
  },
  {
    name: 'community',
    weight: 0.01,
    normaliser: 'calibrated',
    raw: (e, id) => {
      if (!e.queryCommunities.size) return null;
      const theirs = e.communities.get(id);
      let overlap = 0;
      for (const [c, share] of e.queryCommunities) overlap += Math.min(share, theirs?.get(c) ?? 0);
      return overlap;
    },
    ceiling: () => 1,
    explain: (value) => `concept communities overlap ${Math.round(100 * value)}%`,
  },
  {
    name: 'coupling',
    weight: 0.11,
    normaliser: 'calibrated',
    raw: (e, id) => e.citations.values(id).coupling,
    ceiling: () => 1,
    explain: (value, e, id) => citationReason('coupling', value, e.citations.shared(id)),
  },
  {
    name: 'cocitation',
    weight: 0.11,
    normaliser: 'calibrated',
    raw: (e, id) => e.citations.values(id).cocitation,
    ceiling: () => 1,
    explain: (value, e, id) => citationReason('cocitation', value, e.citations.shared(id)),
  },
] as const satisfies readonly RelatedSignal[];
