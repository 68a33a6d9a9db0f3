import type { GraphStore, ScoredId } from '../../graph/store';
import type { Embedder } from '../../ingest/embed';
import { conceptKey, extractPaper } from '../../ingest/extract';
import type { ConceptNode, MethodNode, Paper } from '../domain';
import { citationProfile } from './citation-signals';
import { decodePrepared, encodePrepared, keepable, PREPARED_FIRST, PREPARED_FORMAT } from './related-prepared';
import { byScore, contentWords, cosine, fuse, fusedScore, normaliser, type NormaliserName, type RankedPaper } from './ranking';
import {
  communityProfile,
  linkStrength,
  PROXIMITY,
  RELATED_SIGNALS,
  type Evidence,
  type Explained,
  type MethodLink,
  type MethodRelation,
  type QueryProfile,
} from './related-signals';

export type { MethodLink } from './related-signals';

/** The evidence related work weighs, in the order signals are reported. */
export const SIGNALS = RELATED_SIGNALS.map((s) => s.name);
export type SignalName = (typeof RELATED_SIGNALS)[number]['name'];
export type SignalWeights = Record<SignalName, number>;

/** Default weights (shares of the score when every signal is available; they sum to 1): see RELATED_SIGNALS. */
export const RELATED_WEIGHTS = Object.fromEntries(RELATED_SIGNALS.map((s) => [s.name, s.weight])) as SignalWeights;

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
/** Embedding candidates read per query, at least (5 × `first` when that is more). */
const MIN_EMBEDDING_CANDIDATES = 50;
/** Embedding candidates read for a query asking for `first` papers. */
function embeddingCandidates(first: number): number {
  return Math.max(5 * first, MIN_EMBEDDING_CANDIDATES);
}
/** Papers read per shared concept, strongest mention first, for the query's rarest concepts. */
const CONCEPT_CANDIDATES = 50;
const CANDIDATE_CONCEPTS = 15;
/** Papers read per method related to the query's methods. */
const METHOD_CANDIDATES = 50;

/** Queries whose measured candidates are kept (see RelatedService.prepared), the least recently asked dropped first. */
const PREPARED_KEPT = 1000;

/** The named steps of a related-work query (see RelatedService), as `onStep` reports them. */
export type RelatedStep = 'prepared' | 'profile' | 'candidates' | 'measure' | 'normalise' | 'fuse' | 'explain';

/** A request related work cannot answer as asked (the API's BAD_USER_INPUT): the message says what and why. */
export class RelatedInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RelatedInputError';
  }
}

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

/** A related paper: its fused score, the signals it is made of, and the evidence in words. */
export interface RelatedPaper extends RankedPaper {
  /** Concepts both papers mention, rarest first. */
  sharedConcepts: ConceptNode[];
  /** Methods both papers propose, use or compare. */
  sharedMethods: MethodNode[];
  /** One line: the strongest reasons first. */
  reason: string;
}

/** One query's candidates with every raw measurement (null: not measurable) and the evidence, before weighting. */
export interface Measured {
  /** Every candidate: the signals are normalised over these. */
  ids: string[];
  /** The candidates the filters (years, mustShareConcept) let through: the ones ranked. */
  eligible: Set<string>;
  values: Map<string, Record<SignalName, number | null>>;
  /** What an identical paper would score, per signal, when known. */
  ceilings: Partial<Record<SignalName, number>>;
  evidence: Evidence;
}

/** A query's candidates with each signal's value normalised to 0..1, in RELATED_SIGNALS order. */
export interface Normalised {
  measured: Measured;
  normalized: Map<string, number[]>;
}

/** What fusion reads of a query's candidates: their raw and normalised values, and which may be returned. */
export interface Fusable {
  measured: Pick<Measured, 'ids' | 'eligible' | 'values'>;
  normalized: Map<string, number[]>;
}

/** The fused ranking of one query, before its explanation. */
export interface Fused {
  ranked: RankedPaper[];
}

/**
 * Related work: a fusion of the signals of related-signals.ts, each normalised per query and explained, in four
 * named steps:
 *
 * 1. `candidates`: the papers the weighted signals find on their own (the nearest vectors over the whole store, the
 *    best BM25 matches, the papers of the query's rarest concepts, of its methods and their lineage neighbours),
 *    less the excluded ones; the filters (years, mustShareConcept) mark which may be returned. Community only
 *    re-scores.
 * 2. `measure`: every signal's raw value for every candidate, from a few batched store reads.
 * 3. `fuse`: each signal normalised over the candidates (before the filters, so a filter does not change the scale) (`normaliser`, ranking.ts), weighted (`fuse`: the weights of
 *    the available signals rescaled to sum to 1), best first, ties by id; a paper with score 0 is never returned.
 * 4. `explain`: shared concepts and methods, and one line naming the strongest contributions.
 */
export class RelatedService {
  /**
   * Each recent query's normalised candidates, for the store's `dataVersion` they were read at: an answer is then a
   * lookup plus the fusion with the caller's weights. Emptied when the store's version moves (any write).
   */
  private readonly kept = new Map<string, Normalised>();
  private keptVersion: string | null = null;

  constructor(
    private readonly store: GraphStore,
    /** The configured model: only its vectors are compared. */
    private readonly model: string,
    /** Embeds free text for `relatedToText`; null when no model could be loaded. */
    private readonly embedder: Embedder | null = null,
    /** Told the time each step of a query took, in ms (a benchmark's profile). */
    private readonly onStep: (step: RelatedStep, ms: number) => void = () => undefined,
  ) {}

  /** `work`, its time told to `onStep` as `step`'s. */
  private async timed<T>(step: RelatedStep, work: () => T | Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await work();
    } finally {
      this.onStep(step, performance.now() - t);
    }
  }

  async related(paper: Paper, first: number, options: RelatedOptions = {}): Promise<RelatedPaper[]> {
    const weights = this.weights(options);
    if (first < 1) return [];
    const preparable =
      first <= PREPARED_FIRST &&
      SIGNALS.every((s) => weights[s] > 0) &&
      !options.exclude?.length &&
      options.mustShareConcept === undefined &&
      options.yearFrom === undefined &&
      options.yearTo === undefined;
    if (preparable) {
      const answer = await this.fromPrepared(paper.id, first, weights);
      if (answer) return answer;
    }
    return this.run({ paper: paper.id }, () => this.paperProfile(paper), first, weights, options);
  }

  /**
   * What a prepared entry is stamped with: the store's content version (null: nothing can be prepared), the model
   * compared and the entry format. An entry answers only while all three are the same.
   */
  async preparedStamp(): Promise<{ stamp: string; contentVersion: string } | null> {
    const contentVersion = await this.store.contentVersion();
    return contentVersion === null ? null : { stamp: `${PREPARED_FORMAT} ${this.model} ${contentVersion}`, contentVersion };
  }

  /**
   * A paper's default query (every signal proposing, no options, any `first` up to PREPARED_FIRST) prepared for
   * `related` to answer from (see related-prepared.ts): its candidates that can rank in the best PREPARED_FIRST under
   * some weighting, with their raw and normalised values and what their reasons read, computed by the steps a live
   * query runs.
   */
  async prepare(paper: Paper): Promise<Uint8Array> {
    const all = Object.fromEntries(SIGNALS.map((s) => [s, 1])) as SignalWeights;
    const query = await this.paperProfile(paper);
    const measured = await this.measure(query, await this.candidates(query, {}, all, PREPARED_FIRST));
    const { normalized } = this.normalise(measured);
    const values = measured.ids.map((id) => SIGNALS.map((s) => measured.values.get(id)![s]));
    const keep = keepable(measured.ids, values, measured.ids.map((id) => normalized.get(id)!), PREPARED_FIRST);
    const ids = measured.ids.filter((_, i) => keep[i]);
    const e = measured.evidence;
    return encodePrepared({
      ids,
      values: values.filter((_, i) => keep[i]),
      normalized: ids.map((id) => normalized.get(id)!),
      concepts: ids.map((id) => (e.sharedConcepts.get(id) ?? []).map((c) => c.key)),
      methods: ids.map((id) => (e.methodLinks.get(id) ?? []).map((l): [string, MethodRelation, string] => [l.method.key, l.relation, l.to.key])),
      citations: ids.map((id) => e.citations.shared(id)),
    });
  }

  /**
   * The default query of paper `id` answered from its prepared entry; null when it has none for the store's content.
   * Every candidate is scored (`fusedScore`), and only the best `first` are fused signal by signal and explained.
   */
  private async fromPrepared(id: string, first: number, weights: SignalWeights): Promise<RelatedPaper[] | null> {
    const t = performance.now();
    const stamp = await this.preparedStamp();
    const bytes = stamp && (await this.store.relatedPrepared([id], stamp.stamp)).get(id);
    if (!bytes) return null;
    const p = decodePrepared(bytes, SIGNALS.length);
    this.onStep('prepared', performance.now() - t);
    const { ranked, rows } = await this.timed('fuse', () => {
      const w = SIGNALS.map((s) => weights[s]);
      const best = p.ids
        .map((c, row) => ({ id: c, row, score: fusedScore(w, p.raw, p.normalized, row * w.length) }))
        .filter((r) => r.score > 0)
        .sort(byScore)
        .slice(0, first);
      const measures = (row: number) =>
        SIGNALS.map((name, s) => {
          const value = p.raw[row * w.length + s];
          return { name, weight: w[s], value: Number.isNaN(value) ? null : value, normalized: p.normalized[row * w.length + s] };
        });
      return { ranked: best.map(({ id: c, row }): RankedPaper => ({ id: c, ...fuse(measures(row)) })), rows: best.map((r) => r.row) };
    });
    return this.timed('explain', async () => {
      const concepts = rows.map((row) => p.concepts(row));
      const methods = rows.map((row) => p.methods(row));
      const [conceptNodes, methodNodes] = await Promise.all([
        this.store.getConcepts([...new Set(concepts.flat())]),
        this.store.getMethods([...new Set(methods.flatMap((ms) => ms.flatMap(([m, , to]) => [m, to])))]),
      ]);
      const at = new Map(ranked.map((r, k) => [r.id, rows[k]]));
      const explained: Explained = {
        sharedConcepts: new Map(ranked.map((r, k) => [r.id, concepts[k].map((key) => conceptNodes.get(key)!)])),
        methodLinks: new Map(
          ranked.map((r, k) => [
            r.id,
            methods[k].map(([m, relation, to]): MethodLink => ({ method: methodNodes.get(m)!, relation, to: methodNodes.get(to)! })),
          ]),
        ),
        citations: { shared: (c) => p.citations(at.get(c)!) },
      };
      return this.explain(ranked, explained);
    });
  }

  /** Related work for free text (a draft abstract): its embedding, its words and the concepts extracted from it. */
  async relatedToText(text: string, first: number, options: RelatedOptions = {}): Promise<RelatedPaper[]> {
    if (text.length > MAX_TEXT_CHARS) throw new RangeError(`a text of more than ${MAX_TEXT_CHARS} characters`);
    if (!contentWords(text).length) throw new RelatedInputError('relatedToText needs a text with at least one topical word');
    const weights = this.weights(options);
    if (first < 1) return [];
    return this.run({ text }, () => this.textProfile(text), first, weights, options);
  }

  /** The default weights with the caller's overrides; all zero is an input error (nothing would rank). */
  weights(options: RelatedOptions): SignalWeights {
    const weights = { ...RELATED_WEIGHTS, ...options.weights };
    if (!SIGNALS.some((s) => weights[s] > 0)) {
      throw new RelatedInputError(`weights: at least one signal needs a weight above 0 (${SIGNALS.join(', ')})`);
    }
    return weights;
  }

  /** Every candidate of a paper under every signal, measured: what the eval re-ranks under many weightings. */
  async measurePaper(paper: Paper, first = 10): Promise<Measured> {
    const query = await this.paperProfile(paper);
    const all = Object.fromEntries(SIGNALS.map((s) => [s, 1])) as SignalWeights;
    const found = await this.candidates(query, {}, all, first);
    return this.measure(query, found);
  }

  private async run(
    subject: { paper: string } | { text: string },
    profile: () => Promise<QueryProfile>,
    first: number,
    weights: SignalWeights,
    options: RelatedOptions,
  ) {
    const prepared = await this.prepared(subject, profile, first, weights, options);
    const { ranked } = await this.timed('fuse', () => this.fuse(prepared, weights, first));
    return this.timed('explain', () => this.explain(ranked, prepared.measured.evidence));
  }

  /**
   * Steps 1 to 3a for a query: kept (`kept`) or computed. What they depend on besides the store makes the key: the
   * paper or text, which signals propose candidates (weights above 0; the weights' values only fuse), how many
   * nearest vectors are read (from `first`), and the options.
   */
  private async prepared(
    subject: { paper: string } | { text: string },
    profile: () => Promise<QueryProfile>,
    first: number,
    weights: SignalWeights,
    options: RelatedOptions,
  ): Promise<Normalised> {
    const version = await this.store.dataVersion();
    const key = JSON.stringify([
      subject,
      SIGNALS.filter((s) => weights[s] > 0),
      embeddingCandidates(first),
      options.exclude ?? [],
      options.mustShareConcept ?? null,
      options.yearFrom ?? null,
      options.yearTo ?? null,
    ]);
    if (version === null || version !== this.keptVersion) {
      this.kept.clear();
      this.keptVersion = version;
    }
    const kept = this.kept.get(key);
    if (kept) {
      // Most recently asked last: the first key is the one to drop.
      this.kept.delete(key);
      this.kept.set(key, kept);
      return kept;
    }
    const query = await this.timed('profile', profile);
    const found = await this.timed('candidates', () => this.candidates(query, options, weights, first));
    const measured = await this.timed('measure', () => this.measure(query, found));
    const normalised = await this.timed('normalise', () => this.normalise(measured));
    // Kept only when the store did not change while it was read (a concurrent query may have emptied `kept` since).
    if (version !== null && version === this.keptVersion && version === (await this.store.dataVersion())) {
      if (this.kept.size >= PREPARED_KEPT) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(key, normalised);
    }
    return normalised;
  }

  private async paperProfile(paper: Paper): Promise<QueryProfile> {
    const [vectors, concepts, roles] = await Promise.all([
      this.store.getVectors(this.model, [paper.id]),
      this.store.paperConcepts([paper.id]),
      this.store.paperMethods([paper.id]),
    ]);
    const methods = new Set(roles.map((r) => r.method));
    return {
      selfId: paper.id,
      vector: vectors.get(paper.id) ?? null,
      words: contentWords([paper.title, ...paper.keywords, paper.abstract].join(' ')).slice(0, LEXICAL_QUERY_WORDS).join(' '),
      concepts: new Map((concepts.get(paper.id) ?? []).map((c) => [c.concept, c.weight])),
      methods,
      methodNeighbours: await this.methodNeighbours(methods),
    };
  }

  private async textProfile(text: string): Promise<QueryProfile> {
    const extraction = extractPaper({ id: 'text', title: '', abstract: text });
    // The text's concepts and methods under the store's canonical keys; ones the corpus does not know are dropped.
    const [conceptKeys, methodKeys, vectors] = await Promise.all([
      this.store.resolveConcepts(extraction.concepts.map((c) => c.key)),
      this.store.resolveMethods(extraction.methods.map((m) => m.key)),
      this.embedder ? this.embedder.embed([text]) : null,
    ]);
    const concepts = new Map<string, number>();
    for (const c of extraction.concepts) {
      const key = conceptKeys.get(c.key);
      if (key && !concepts.has(key)) concepts.set(key, c.weight);
    }
    const methods = new Set(extraction.methods.map((m) => methodKeys.get(m.key)).filter((k): k is string => k !== undefined));
    return {
      vector: vectors?.[0] ?? null,
      words: contentWords(text).slice(0, LEXICAL_QUERY_WORDS).join(' '),
      concepts,
      methods,
      methodNeighbours: await this.methodNeighbours(methods),
    };
  }

  /** The query's methods, their lineage parents and children, and their siblings (a common parent). */
  private async methodNeighbours(methods: Set<string>): Promise<QueryProfile['methodNeighbours']> {
    const related = new Map<string, { relation: MethodRelation; to: string }>();
    if (!methods.size) return related;
    const relate = (key: string, relation: MethodRelation, to: string) => {
      const known = related.get(key);
      if (!known || PROXIMITY[known.relation] < PROXIMITY[relation]) related.set(key, { relation, to });
    };
    const keys = [...methods];
    const [parents, children] = await Promise.all([
      this.store.lineageEdges(keys, 'parents'),
      this.store.lineageEdges(keys, 'children'),
    ]);
    const siblings = await this.store.lineageEdges([...new Set(parents.map((e) => e.parent))], 'children');
    for (const e of siblings) relate(e.child, 'sibling', parents.find((p) => p.parent === e.parent)!.child);
    for (const e of parents) relate(e.parent, 'parent', e.child);
    for (const e of children) relate(e.child, 'child', e.parent);
    for (const m of keys) relate(m, 'same', m);
    return related;
  }

  /** Step 1: the candidates the weighted signals propose, filtered; with the lexical and vector hits read on the way. */
  private async candidates(query: QueryProfile, options: RelatedOptions, weights: SignalWeights, first: number) {
    const { store, model } = this;
    const banned = new Set(options.exclude ?? []);
    if (query.selfId) banned.add(query.selfId);
    const proposes = (s: SignalName) => weights[s] > 0;

    let required: string | null = null;
    if (options.mustShareConcept !== undefined) {
      const key = conceptKey(options.mustShareConcept);
      required = key ? await store.resolveConcept(key) : null;
      if (!required) {
        const filtered = key ? await store.filteredName(key) : null;
        throw new RelatedInputError(
          `mustShareConcept: no concept is named ${JSON.stringify(options.mustShareConcept)} (by name, alias or acronym)` +
            (filtered ? `: it was kept out of the graph (${filtered.reason})` : ''),
        );
      }
    }
    const rarest = [...(await store.getConcepts([...query.concepts.keys()])).values()]
      .filter((c) => c.paperCount >= 2)
      .sort((a, b) => a.paperCount - b.paperCount || (a.key < b.key ? -1 : 1))
      .slice(0, CANDIDATE_CONCEPTS);
    const papers = (await store.listPapers({ first: 1 })).totalCount;
    const words = query.words ? await this.searchWords(query.words, papers) : '';
    const [lexical, nearest, byConcept, roles, citations] = await Promise.all([
      words ? store.searchText(words, LEXICAL_CANDIDATES + 1) : ([] as ScoredId[]),
      query.vector && proposes('embedding')
        ? store.nearestByVector(model, query.vector, embeddingCandidates(first), [...banned])
        : ([] as ScoredId[]),
      store.papersOfConcepts([...(required ? [required] : []), ...(proposes('concepts') ? rarest.map((c) => c.key) : [])], CONCEPT_CANDIDATES),
      proposes('methods') && query.methodNeighbours.size ? store.methodRoles([...query.methodNeighbours.keys()]) : [],
      citationProfile(store, query.selfId),
    ]);

    const found = new Set<string>();
    if (proposes('lexical')) for (const h of lexical) found.add(h.id);
    for (const h of nearest) found.add(h.id);
    for (const papers of byConcept.values()) for (const id of papers) found.add(id);
    if (proposes('coupling') || proposes('cocitation')) for (const id of citations.candidates) found.add(id);
    const perMethod = new Map<string, number>();
    for (const r of roles) {
      const n = perMethod.get(r.method) ?? 0;
      if (n < METHOD_CANDIDATES && !banned.has(r.paperId)) {
        perMethod.set(r.method, n + 1);
        found.add(r.paperId);
      }
    }
    const ids = [...found].filter((id) => !banned.has(id));
    let eligible = ids;
    if (options.yearFrom !== undefined || options.yearTo !== undefined) {
      const papers = await store.getPapers(ids);
      const from = options.yearFrom ?? -Infinity;
      const to = options.yearTo ?? Infinity;
      eligible = ids.filter((id) => {
        const year = papers.get(id)?.year;
        return year !== undefined && year >= from && year <= to;
      });
    }
    const selfBm25 = lexical.find((h) => h.id === query.selfId)?.score;
    return { ids, eligible, required, lexical, nearest, selfBm25, citations, papers };
  }

  /**
   * The words of the lexical query worth asking of full-text search: those some paper contains and at most half the
   * papers do. BM25 gives a word in more than half the papers no weight (FTS5 clamps its negative idf to 1e-6;
   * Lucene's idf, ln 2 at most, is a tenth of a rare word's), while its long list of papers is what the search
   * spends its time walking. Measured on the ml-papers store: the same 200 lexical candidates, the search 15% faster.
   * The longer cut, to the rarest words, loses quality (README "Related work").
   */
  private async searchWords(words: string, papers: number): Promise<string> {
    const counts = await this.store.wordPaperCounts(words.split(' '));
    return [...counts]
      .filter(([, n]) => n > 0 && n <= papers / 2)
      .map(([w]) => w)
      .join(' ');
  }

  /** Step 2: every signal's raw value for every candidate, from batched store reads. */
  private async measure(query: QueryProfile, found: Awaited<ReturnType<RelatedService['candidates']>>): Promise<Measured> {
    const { store, model } = this;
    const similarity = new Map(found.nearest.map((h) => [h.id, h.score]));
    const unscored = query.vector ? found.ids.filter((id) => !similarity.has(id)) : [];
    const [candidateConcepts, candidateRoles, vectors] = await Promise.all([
      store.paperConcepts(found.ids),
      store.paperMethods(found.ids),
      store.getVectors(model, unscored),
    ]);
    const { papers } = found;
    for (const [id, v] of vectors) similarity.set(id, cosine(query.vector!, v));
    const { ids } = found;
    const eligible = new Set(
      found.required
        ? found.eligible.filter((id) => candidateConcepts.get(id)?.some((c) => c.concept === found.required))
        : found.eligible,
    );

    const conceptKeys = new Set(query.concepts.keys());
    for (const cs of candidateConcepts.values()) for (const c of cs) conceptKeys.add(c.concept);
    const methodKeys = new Set([...query.methodNeighbours.keys(), ...candidateRoles.map((r) => r.method)]);
    const [conceptNodes, methodNodes] = await Promise.all([
      store.getConcepts([...conceptKeys]),
      store.getMethods([...methodKeys]),
    ]);

    const sharedConcepts = new Map<string, ConceptNode[]>();
    const communities = new Map<string, Map<number, number>>();
    for (const id of ids) {
      const theirs = (candidateConcepts.get(id) ?? []).map((c) => c.concept);
      const shared = theirs
        .filter((k) => query.concepts.has(k))
        .map((k) => conceptNodes.get(k))
        .filter((c): c is ConceptNode => c !== undefined)
        .sort((a, b) => a.paperCount - b.paperCount || (a.key < b.key ? -1 : 1));
      sharedConcepts.set(id, shared);
      communities.set(id, communityProfile(theirs, conceptNodes));
    }
    const methodLinks = new Map<string, MethodLink[]>();
    for (const r of candidateRoles) {
      const link = query.methodNeighbours.get(r.method);
      const method = methodNodes.get(r.method);
      const to = link && methodNodes.get(link.to);
      if (!link || !method || !to) continue;
      const links = methodLinks.get(r.paperId) ?? [];
      if (!links.some((l) => l.method.key === method.key)) links.push({ method, relation: link.relation, to });
      methodLinks.set(r.paperId, links);
    }
    for (const links of methodLinks.values()) {
      links.sort((a, b) => linkStrength(b) - linkStrength(a) || (a.method.key < b.method.key ? -1 : 1));
    }

    const evidence: Evidence = {
      query,
      similarity,
      bm25: new Map(found.lexical.map((h) => [h.id, h.score])),
      selfBm25: found.selfBm25,
      papers,
      queryConcepts: [...query.concepts.keys()].filter((k) => conceptNodes.has(k)).map((k) => conceptNodes.get(k)!),
      sharedConcepts,
      methodLinks,
      queryCommunities: communityProfile(query.concepts.keys(), conceptNodes),
      communities,
      citations: found.citations,
    };
    const values = new Map(
      ids.map((id) => [id, Object.fromEntries(RELATED_SIGNALS.map((s) => [s.name, s.raw(evidence, id)])) as Record<SignalName, number | null>]),
    );
    const ceilings: Measured['ceilings'] = {};
    for (const s of RELATED_SIGNALS) {
      const c = 'ceiling' in s ? s.ceiling(evidence) : undefined;
      if (c !== undefined) ceilings[s.name] = c;
    }
    return { ids, eligible, values, ceilings, evidence };
  }

  /**
   * Step 3a: each signal's raw values normalised over the candidates, by its own normaliser or by `normalisers`'
   * (the eval compares them). Independent of the weights, so one normalisation serves any weighting.
   */
  normalise(measured: Measured, normalisers: Partial<Record<SignalName, NormaliserName>> = {}): Normalised {
    const maps = RELATED_SIGNALS.map((s) => {
      const values = measured.ids.map((id) => measured.values.get(id)![s.name]).filter((v): v is number => v !== null);
      return normaliser(normalisers[s.name] ?? s.normaliser, values, measured.ceilings[s.name]);
    });
    const normalized = new Map(
      measured.ids.map((id) => {
        const raw = measured.values.get(id)!;
        return [id, RELATED_SIGNALS.map((s, i) => (raw[s.name] === null ? 0 : maps[i](raw[s.name]!)))];
      }),
    );
    return { measured, normalized };
  }

  /** Step 3b: the candidates fused under `weights`, best first (ties by id), without score-0 papers, at most `first`. */
  fuse({ measured, normalized }: Fusable, weights: SignalWeights, first: number): Fused {
    const ranked = measured.ids
      .filter((id) => measured.eligible.has(id))
      .map((id): RankedPaper => {
        const raw = measured.values.get(id)!;
        const n = normalized.get(id)!;
        return { id, ...fuse(RELATED_SIGNALS.map((s, i) => ({ name: s.name, weight: weights[s.name], value: raw[s.name], normalized: n[i] }))) };
      })
      .filter((r) => r.score > 0)
      .sort(byScore)
      .slice(0, first);
    return { ranked };
  }

  /** Step 4: each ranked paper's shared concepts and methods, and one line naming the strongest contributions. */
  explain(ranked: RankedPaper[], e: Explained): RelatedPaper[] {
    return ranked.map((r) => {
      const parts = r.signals
        .filter((s) => s.available && s.contribution > 0 && s.value > 0)
        .sort((a, b) => b.contribution - a.contribution)
        .map((s) => RELATED_SIGNALS.find((d) => d.name === s.name)!.explain(s.value, e, r.id));
      return {
        ...r,
        sharedConcepts: e.sharedConcepts.get(r.id) ?? [],
        sharedMethods: (e.methodLinks.get(r.id) ?? []).filter((l) => l.relation === 'same').map((l) => l.method),
        reason: parts.length ? parts.join('; ') : 'no evidence beyond being a candidate',
      };
    });
  }
}
