import type { GraphStore } from '../../graph/store';
import type { Embedder } from '../../ingest/embed';
import { conceptKey, extractPaper } from '../../ingest/extract';
import type { ConceptNode, MethodNode, Paper } from '../domain';
import { CITATION_SIGNALS, CITATION_WEIGHTS, citationProfile, citationReason, type CitationOverlap } from './citation-signals';
import { byScore, contentWords, cosine, fuse, type RankedPaper } from './ranking';

/** The evidence related work weighs, in the order signals are reported. */
export const SIGNALS = ['embedding', 'lexical', 'concepts', 'methods', 'community', ...CITATION_SIGNALS] as const;
export type SignalName = (typeof SIGNALS)[number];
export type SignalWeights = Record<SignalName, number>;

/**
 * Default shares of the score (see `fuse`: the weights of the available signals are rescaled to sum to 1): the best
 * weighting of the grid search of `npm run eval:related` on the tuning half of the development set (1 : 0.5 : 4 : 0 : 0),
 * which also wins on the held-out half (README, "Related work"). Methods and community got weight 0 there: on this
 * development set they add nothing to the other three; they are still measured, reported and steerable.
 */
export const RELATED_WEIGHTS: SignalWeights = {
  embedding: 2 / 11,
  lexical: 1 / 11,
  concepts: 8 / 11,
  methods: 0,
  community: 0,
  ...CITATION_WEIGHTS,
};

/**
 * Longest text `relatedToText` takes, in characters (a long draft abstract is about 3,000): the API rejects longer
 * ones before extraction, tokenizer or model see them (README "Limits").
 */
export const MAX_TEXT_CHARS = 20_000;

/**
 * Topical words of the lexical query, at most: the title's first, then the abstract's in order. Full-text search cost
 * grows with the words asked (at 100,000 papers an abstract's ~100 words take over a second); see README.
 */
const LEXICAL_QUERY_WORDS = 40;
/** Lexical candidates read per query: a paper outside them counts as no lexical overlap. */
const LEXICAL_CANDIDATES = 200;
/** Embedding candidates read per query, at least. */
const MIN_EMBEDDING_CANDIDATES = 50;
/** Papers read per shared concept, strongest mention first, for the query's rarest concepts. */
const CONCEPT_CANDIDATES = 50;
const CANDIDATE_CONCEPTS = 15;
/** Papers read per method related to the query's methods. */
const METHOD_CANDIDATES = 50;
/** Lineage proximity of a candidate's method to the query's: the same, a parent or child, a sibling (common parent). */
const PROXIMITY = { same: 1, parent: 0.6, child: 0.6, sibling: 0.3 } as const;
type MethodRelation = keyof typeof PROXIMITY;

export interface RelatedOptions {
  /** Per-signal weights; an omitted signal keeps its default (RELATED_WEIGHTS), 0 switches it off. */
  weights?: Partial<SignalWeights>;
  /** Papers never to return. */
  exclude?: string[];
  /** A concept name, alias or key every returned paper must mention. */
  mustShareConcept?: string;
  yearFrom?: number;
  yearTo?: number;
}

/** A method of a candidate and how it relates to one of the query's methods. */
export interface MethodLink {
  method: MethodNode;
  relation: MethodRelation;
  /** The query's method it relates to. */
  to: MethodNode;
}

/** A related paper: its fused score, the signals it is made of, and the evidence in words. */
export interface RelatedPaper extends RankedPaper {
  /** Concepts both papers mention, rarest first. */
  sharedConcepts: ConceptNode[];
  /** Methods both papers propose, use or compare. */
  sharedMethods: MethodNode[];
  /** One line: the strongest reasons first. */
  reason: string;
}

/** What a query is made of: a stored paper's, or a free text's, evidence. */
interface QueryProfile {
  selfId?: string;
  vector: Float32Array | null;
  /** Topical words for the lexical signal ('' when none). */
  words: string;
  /** Canonical concept keys with the query's mention weights. */
  concepts: Map<string, number>;
  /** Canonical method keys. */
  methods: Set<string>;
}

/** One candidate with every raw measurement (null: not measurable) and its evidence, before weighting. */
export interface MeasuredCandidate {
  id: string;
  values: Record<SignalName, number | null>;
  normalized: Record<SignalName, number>;
  sharedConcepts: ConceptNode[];
  methodLinks: MethodLink[];
  /** References and citers shared with the query (services/citation-signals.ts). */
  sharedCitations: CitationOverlap;
}

/** Adamic-Adar weight of a concept or method mentioned by `paperCount` papers: rarer says more. */
function rarity(paperCount: number): number {
  return 1 / Math.log(Math.max(2, paperCount) + 1);
}

/** Concept share per Louvain community, from a paper's concepts (concepts with no community are left out). */
function communityProfile(concepts: Iterable<string>, nodes: Map<string, ConceptNode>): Map<number, number> {
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
 * Related work: a hybrid of five signals, each explained.
 *
 * - `embedding`: cosine similarity of the sentence embeddings (normalised as max(0, cosine)).
 * - `lexical`: BM25 of the query's topical words in the candidate's title and abstract (normalised by the best
 *   BM25 among the candidates).
 * - `concepts`: Adamic-Adar overlap of the concepts both mention: Σ 1/log(1 + paperCount) over the shared concepts,
 *   divided by the same sum over the query's concepts (0..1: 1 when every concept of the query is shared).
 * - `methods`: lineage proximity of the candidate's methods to the query's: the same method 1, a parent or child 0.6,
 *   a sibling (common parent) 0.3, each times the method's rarity relative to a method of two papers; the best one.
 * - `community`: overlap of the two papers' concept-community profiles (Σ min of the shares per Louvain community).
 * - `coupling` and `cocitation`: shared references and shared citers (services/citation-signals.ts); unavailable,
 *   so without influence, for a paper with no known citations.
 *
 * Candidates are the union of the embedding, lexical, concept and method signals' top results (community only
 * re-scores: a community holds too many papers to enumerate). Scores fuse by `fuse` with RELATED_WEIGHTS or the
 * caller's weights; a signal the query cannot give (no vector, no words, no concepts, no methods, no communities)
 * is `available: false` and its weight goes to the others. The query paper is never in its own list.
 */
export class RelatedService {
  constructor(
    private readonly store: GraphStore,
    /** The configured model: only its vectors are compared. */
    private readonly model: string,
    /** Embeds free text for `relatedToText`; null when no model could be loaded. */
    private readonly embedder: Embedder | null = null,
  ) {}

  async related(paper: Paper, first: number, options: RelatedOptions = {}): Promise<RelatedPaper[]> {
    if (first < 1) return [];
    return this.rank(await this.measure(await this.paperProfile(paper), options), this.weights(options), first);
  }

  /** Related work for free text (a draft abstract): its embedding, its words and the concepts extracted from it. */
  async relatedToText(text: string, first: number, options: RelatedOptions = {}): Promise<RelatedPaper[]> {
    if (text.length > MAX_TEXT_CHARS) throw new RangeError(`a text of more than ${MAX_TEXT_CHARS} characters`);
    if (first < 1) return [];
    return this.rank(await this.measure(await this.textProfile(text), options), this.weights(options), first);
  }

  /** The default weights with the caller's overrides. */
  weights(options: RelatedOptions): SignalWeights {
    return { ...RELATED_WEIGHTS, ...options.weights };
  }

  /** Every candidate of a paper, measured: what `related` ranks (the eval re-ranks these under many weights). */
  async measurePaper(paper: Paper, options: RelatedOptions = {}): Promise<MeasuredCandidate[]> {
    return this.measure(await this.paperProfile(paper), options);
  }

  private async paperProfile(paper: Paper): Promise<QueryProfile> {
    const [vectors, concepts, roles] = await Promise.all([
      this.store.getVectors(this.model, [paper.id]),
      this.store.paperConcepts([paper.id]),
      this.store.paperMethods([paper.id]),
    ]);
    return {
      selfId: paper.id,
      vector: vectors.get(paper.id) ?? null,
      words: contentWords([paper.title, ...paper.keywords, paper.abstract].join(' '))
        .slice(0, LEXICAL_QUERY_WORDS)
        .join(' '),
      concepts: new Map((concepts.get(paper.id) ?? []).map((c) => [c.concept, c.weight])),
      methods: new Set(roles.map((r) => r.method)),
    };
  }

  private async textProfile(text: string): Promise<QueryProfile> {
    const extraction = extractPaper({ id: 'text', title: '', abstract: text });
    // The text's concepts and methods under the store's canonical keys; ones the corpus does not know are dropped.
    const concepts = new Map<string, number>();
    for (const c of extraction.concepts) {
      const key = await this.store.resolveConcept(c.key);
      if (key && !concepts.has(key)) concepts.set(key, c.weight);
    }
    const methods = new Set<string>();
    for (const m of extraction.methods) {
      const key = await this.store.resolveMethod(m.key);
      if (key) methods.add(key);
    }
    return {
      vector: this.embedder ? (await this.embedder.embed([text]))[0] : null,
      words: contentWords(text).slice(0, LEXICAL_QUERY_WORDS).join(' '),
      concepts,
      methods,
    };
  }

  private async measure(query: QueryProfile, options: RelatedOptions): Promise<MeasuredCandidate[]> {
    const { store, model } = this;
    const banned = new Set(options.exclude ?? []);
    if (query.selfId) banned.add(query.selfId);
    const candidates = new Set<string>();
    const add = (ids: Iterable<string>) => {
      for (const id of ids) if (!banned.has(id)) candidates.add(id);
    };

    let required: string | null = null;
    if (options.mustShareConcept !== undefined) {
      required = await store.resolveConcept(conceptKey(options.mustShareConcept));
      if (!required) return [];
      add((await store.conceptPapers(required, { first: CONCEPT_CANDIDATES })).items);
    }

    // Embedding and lexical candidates.
    const lexical = query.words ? await store.searchText(query.words, LEXICAL_CANDIDATES + 1) : [];
    add(lexical.map((h) => h.id));
    const similarity = new Map<string, number>();
    if (query.vector) {
      const hits = await store.nearestByVector(model, query.vector, MIN_EMBEDDING_CANDIDATES, [...banned]);
      for (const h of hits) similarity.set(h.id, h.score);
      add(hits.map((h) => h.id));
    }

    // Concept candidates: the papers mentioning the query's rarest concepts.
    const queryConcepts = await store.getConcepts([...query.concepts.keys()]);
    const rarest = [...queryConcepts.values()]
      .filter((c) => c.paperCount >= 2)
      .sort((a, b) => a.paperCount - b.paperCount || (a.key < b.key ? -1 : 1))
      .slice(0, CANDIDATE_CONCEPTS);
    for (const c of rarest) add((await store.conceptPapers(c.key, { first: CONCEPT_CANDIDATES })).items);

    // Method candidates: papers with the query's methods, their lineage parents and children, and siblings.
    const related = new Map<string, { relation: MethodRelation; to: string }>();
    const relate = (key: string, relation: MethodRelation, to: string) => {
      const known = related.get(key);
      if (!known || PROXIMITY[known.relation] < PROXIMITY[relation]) related.set(key, { relation, to });
    };
    if (query.methods.size) {
      const methods = [...query.methods];
      const [parents, children] = await Promise.all([
        store.lineageEdges(methods, 'parents'),
        store.lineageEdges(methods, 'children'),
      ]);
      const siblings = await store.lineageEdges([...new Set(parents.map((e) => e.parent))], 'children');
      for (const e of siblings) relate(e.child, 'sibling', parents.find((p) => p.parent === e.parent)!.child);
      for (const e of parents) relate(e.parent, 'parent', e.child);
      for (const e of children) relate(e.child, 'child', e.parent);
      for (const m of methods) relate(m, 'same', m);
      const roles = await store.methodRoles([...related.keys()]);
      const perMethod = new Map<string, number>();
      for (const r of roles) {
        const n = perMethod.get(r.method) ?? 0;
        if (n < METHOD_CANDIDATES && !banned.has(r.paperId)) {
          perMethod.set(r.method, n + 1);
          candidates.add(r.paperId);
        }
      }
    }

    // Citation candidates: papers sharing references or citers with the query.
    const citations = await citationProfile(store, query.selfId);
    add(citations.candidates);

    // Filters that need the candidates' own data.
    let ids = [...candidates];
    if (options.yearFrom !== undefined || options.yearTo !== undefined) {
      const papers = await store.getPapers(ids);
      const from = options.yearFrom ?? -Infinity;
      const to = options.yearTo ?? Infinity;
      ids = ids.filter((id) => {
        const year = papers.get(id)?.year;
        return year !== undefined && year >= from && year <= to;
      });
    }
    const [candidateConcepts, candidateRoles] = await Promise.all([store.paperConcepts(ids), store.paperMethods(ids)]);
    if (required) ids = ids.filter((id) => candidateConcepts.get(id)?.some((c) => c.concept === required));

    // Measurements.
    if (query.vector) {
      const unscored = ids.filter((id) => !similarity.has(id));
      for (const [id, v] of await store.getVectors(model, unscored)) similarity.set(id, cosine(query.vector, v));
    }
    const bm25 = new Map(lexical.map((h) => [h.id, h.score]));
    const bestBm25 = Math.max(0, ...ids.map((id) => bm25.get(id) ?? 0));
    const allConceptKeys = new Set(query.concepts.keys());
    for (const cs of candidateConcepts.values()) for (const c of cs) allConceptKeys.add(c.concept);
    const conceptNodes = await store.getConcepts([...allConceptKeys]);
    const querySum = [...query.concepts.keys()].reduce((s, k) => s + rarity(conceptNodes.get(k)?.paperCount ?? 0), 0);
    const queryCommunities = communityProfile(query.concepts.keys(), conceptNodes);
    const methodKeys = new Set([...related.keys(), ...candidateRoles.map((r) => r.method)]);
    const methodNodes = await store.getMethods([...methodKeys]);
    const rolesByPaper = new Map<string, Set<string>>();
    for (const r of candidateRoles) {
      if (!rolesByPaper.has(r.paperId)) rolesByPaper.set(r.paperId, new Set());
      rolesByPaper.get(r.paperId)!.add(r.method);
    }

    return ids.map((id): MeasuredCandidate => {
      const theirs = (candidateConcepts.get(id) ?? []).map((c) => c.concept);
      const sharedConcepts = theirs
        .filter((k) => query.concepts.has(k))
        .map((k) => conceptNodes.get(k))
        .filter((c): c is ConceptNode => c !== undefined)
        .sort((a, b) => a.paperCount - b.paperCount || (a.key < b.key ? -1 : 1));
      const overlap = sharedConcepts.reduce((s, c) => s + rarity(c.paperCount), 0);
      const methodLinks: MethodLink[] = [];
      for (const m of rolesByPaper.get(id) ?? []) {
        const link = related.get(m);
        const method = methodNodes.get(m);
        const to = link && methodNodes.get(link.to);
        if (link && method && to) methodLinks.push({ method, relation: link.relation, to });
      }
      const strength = (l: MethodLink) => PROXIMITY[l.relation] * (rarity(l.method.paperCount) / rarity(2));
      methodLinks.sort((a, b) => strength(b) - strength(a) || (a.method.key < b.method.key ? -1 : 1));
      const methodValue = methodLinks.length ? strength(methodLinks[0]) : 0;
      const theirCommunities = communityProfile(theirs, conceptNodes);
      let communityValue = 0;
      for (const [c, share] of queryCommunities) communityValue += Math.min(share, theirCommunities.get(c) ?? 0);
      const cos = query.vector ? similarity.get(id) : undefined;
      const b = bm25.get(id) ?? 0;
      const cited = citations.values(id);
      return {
        id,
        values: {
          embedding: cos ?? null,
          lexical: query.words ? b : null,
          concepts: querySum > 0 ? overlap / querySum : null,
          methods: query.methods.size ? methodValue : null,
          community: queryCommunities.size ? communityValue : null,
          ...cited,
        },
        normalized: {
          embedding: Math.max(0, cos ?? 0),
          lexical: bestBm25 > 0 ? b / bestBm25 : 0,
          concepts: querySum > 0 ? overlap / querySum : 0,
          methods: methodValue,
          community: communityValue,
          coupling: cited.coupling ?? 0,
          cocitation: cited.cocitation ?? 0,
        },
        sharedConcepts,
        methodLinks,
        sharedCitations: citations.shared(id),
      };
    });
  }

  /** The measured candidates fused under `weights`, best first, with their evidence in words. */
  rank(measured: MeasuredCandidate[], weights: SignalWeights, first: number): RelatedPaper[] {
    return measured
      .map((m) => ({
        id: m.id,
        ...fuse(SIGNALS.map((name) => ({ name, weight: weights[name], value: m.values[name], normalized: m.normalized[name] }))),
        measured: m,
      }))
      .sort(byScore)
      .slice(0, first)
      .map(({ measured: m, ...ranked }) => ({
        ...ranked,
        sharedConcepts: m.sharedConcepts,
        sharedMethods: m.methodLinks.filter((l) => l.relation === 'same').map((l) => l.method),
        reason: reason(ranked, m),
      }));
  }
}

/** One line naming the signals that gave most, strongest first. */
function reason(ranked: RankedPaper, m: MeasuredCandidate): string {
  const parts: string[] = [];
  const signals = ranked.signals.filter((s) => s.available && s.contribution > 0).sort((a, b) => b.contribution - a.contribution);
  for (const s of signals) {
    switch (s.name as SignalName) {
      case 'embedding':
        parts.push(`embedding similarity ${s.value.toFixed(2)}`);
        break;
      case 'lexical':
        parts.push(`lexical match (BM25 ${s.value.toFixed(1)})`);
        break;
      case 'concepts': {
        const n = m.sharedConcepts.length;
        const names = m.sharedConcepts.map((c) => c.name);
        parts.push(n === 1 ? `shares the concept ${names[0]}` : `shares ${n} concepts, rarest first (${list(names)})`);
        break;
      }
      case 'methods': {
        const l = m.methodLinks[0];
        parts.push(
          l.relation === 'same'
            ? `the method ${l.method.name}`
            : `its method ${l.method.name} is a ${l.relation} of ${l.to.name} in the method lineage`,
        );
        break;
      }
      case 'community':
        parts.push(`concept communities overlap ${Math.round(100 * s.value)}%`);
        break;
      case 'coupling':
      case 'cocitation':
        parts.push(citationReason(s.name as 'coupling' | 'cocitation', s.value, m.sharedCitations));
        break;
    }
  }
  return parts.length ? parts.join('; ') : 'no evidence beyond being a candidate';
}
