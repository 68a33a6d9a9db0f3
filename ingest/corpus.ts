import type { CorpusGraph, CorpusGraphChanges, CorpusTables, GraphStore, StoredKnowledge } from '../graph/store';
import type { PaperMethodRole } from '../src/domain';
import {
  aliasIndex,
  broaderLinks,
  communities,
  ConceptCounts,
  conceptKey,
  EntityCounts,
  isBroad,
  isNameLike,
  isVariant,
  type Entity,
} from './extract';
import { communitiesFresh, refreshCommunities } from './communities';
import { corpusLineage, LineageCounts } from './lineage';

/** "LLMs", "PINNs": an acronym in the plural names a class. */
const PLURAL_ACRONYM = /^\p{Lu}[\p{Lu}\p{N}-]*s$/u;

/** Concept pairs must share this many papers to be neighbours. */
const MIN_COOCCURRENCES = 2;

type PaperInput = Pick<StoredKnowledge, 'paperId' | 'year' | 'knowledge'>;

/** Follows alias → key links to the end (an alias's target may itself be an alias), guarding against cycles. */
function resolver(aliases: Map<string, string>): (key: string) => string {
  return (key) => {
    const seen = new Set<string>();
    while (aliases.has(key) && !seen.has(key)) {
      seen.add(key);
      key = aliases.get(key)!;
    }
    return key;
  };
}

function mostCommon<T>(counts: Map<T, number>): T {
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))[0][0];
}

function tally<T>(counts: Map<T, number>, value: T): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

/**
 * The corpus-wide knowledge graph from every paper's knowledge. Entities are decided across the corpus
 * (EntityCounts: termhood, acronym ↔ expansion, head/modifier merging, type votes, broad flags); a broad entity is
 * kept and flagged, never dropped. Then co-occurrence by NPMI, broader/narrower links, Louvain communities (here
 * with the graph; an update leaves them to ingest/communities.ts), method
 * nodes (method mentions under the same canonical keys, except those the corpus types as data sets or measures and
 * plural classes such as "language models"), roles, and method lineage (ingest/lineage.ts), whose ends are never
 * such non-methods. Phrases seen but kept out are listed with their reason.
 */
export function buildCorpusGraph(papers: PaperInput[], timings?: StepTimings): CorpusGraph {
  const step = stepTimer(timings);
  const counts = new EntityCounts();
  for (const p of papers) counts.add(p.knowledge);
  step('entity counts');
  const pairs = new ConceptCounts();
  const countPairs = (mentions: Mentions) => {
    for (const weights of mentions.values()) pairs.add(weights.keys());
  };
  const steps = corpusGraphSteps(counts, papers, countPairs, step);
  let next = steps.next();
  while (!next.done) next = steps.next();
  const edges = pairs.cooccurrences(MIN_COOCCURRENCES);
  const community = communities(edges);
  step('communities');
  return wholeGraph(next.value, edges, community);
}

/** Each paper's mentions: its resolved concept keys, each with its strongest weight. */
type Mentions = Map<string, Map<string, number>>;

/**
 * The corpus graph as its steps leave it: every table but the two largest, mentions and co-occurrences, given as
 * the mentions by paper (the co-occurrences are counted from them: the steps' `countPairs`).
 */
interface GraphParts {
  tables: Omit<CorpusGraph, 'mentions' | 'cooccurrences'>;
  mentions: Mentions;
}

/** The whole graph from its parts and its co-occurrences, with its communities when they were computed with it. */
function wholeGraph(
  { tables, mentions }: GraphParts,
  pairs: { a: string; b: string; count: number }[],
  communities?: Map<string, number>,
): CorpusGraph {
  return {
    ...tables,
    mentions: [...mentions].flatMap(([paperId, weights]) => [...weights].map(([concept, weight]) => ({ paperId, concept, weight }))),
    cooccurrences: pairs.map(({ a, b, count }) => ({ a, b, count })),
    ...(communities && { communities }),
  };
}

/**
 * The corpus graph but for its co-occurrences and communities, from the entity counts of `papers` (in id order); it
 * hands each paper's resolved concept keys (`mentions`, by paper) to `countPairs`, which counts their co-occurrences.
 * A step at a time: the generator pauses after
 * each step, so an update can let other work run between them. Depends on nothing but the counts and the papers,
 * not on the order the counts were made in: counts kept up to date paper by paper give the graph a rebuild gives.
 * `lineageCounts`: lineage's counts of the previous update (ingest/lineage.ts), brought up to date here.
 */
function* corpusGraphSteps(
  counts: EntityCounts,
  papers: PaperInput[],
  countPairs: (mentions: Mentions) => void,
  step: (name: string) => void,
  lineageCounts?: LineageCounts,
): Generator<void, GraphParts> {
  const resolved = counts.resolve();
  const canonicalConcept = resolved.canonical;
  // In key order, whatever order the counts met the keys in: the first entity to claim an alias keeps it.
  const entities = new Map([...resolved.entities].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  step('entity resolution');
  yield;

  const mentions: Mentions = new Map();
  const paperCount = new Map<string, number>();
  for (const { paperId, knowledge } of papers) {
    const weights = new Map<string, number>();
    for (const c of knowledge.concepts) {
      const key = canonicalConcept(c.key);
      if (!entities.has(key)) continue;
      weights.set(key, Math.max(weights.get(key) ?? 0, c.weight));
    }
    for (const key of weights.keys()) paperCount.set(key, (paperCount.get(key) ?? 0) + 1);
    mentions.set(paperId, weights);
  }
  step('mentions');
  yield;
  const documents = papers.length;
  const isGenericClass = (key: string) => {
    const e = entities.get(key);
    return !!e && (e.broad || isBroad(paperCount.get(key) ?? 0, documents));
  };

  countPairs(mentions);
  step('co-occurrences');
  yield;

  const methodAliases = aliasIndex(papers.flatMap((p) => p.knowledge.methods));
  const aliasedMethod = resolver(methodAliases);
  const canonicalMethod = (key: string) => canonicalConcept(aliasedMethod(key));
  // A method mention the corpus types as a data set or a measure ("CIFAR-100"), or a plural class ("language
  // models", "LLMs"), is no method node. A plural that a singular acronym or another name names is one
  // method ("Local Interpretable Model-agnostic Explanations (LIME)", "Knowledge-enhanced Bottlenecks (KnoBo)").
  const dataOrMeasure = (key: string) => ['dataset', 'metric'].includes(entities.get(key)?.type ?? '');
  const notMethod = (key: string) => {
    const e = entities.get(key);
    // A one-word name whose plural is no alias too: "LIME", "KnoBo", but not "LM" beside "LMs".
    const named = () =>
      e!.name.split(' ').some(isNameLike) ||
      e!.aliases.some((a) => !a.includes(' ') && isNameLike(a) && !PLURAL_ACRONYM.test(a) && !e!.aliases.includes(`${a}s`));
    return dataOrMeasure(key) || (!!e && e.plural && (e.broad || !named()));
  };
  const methodForms = new Map<string, { names: Map<string, number>; aliases: Set<string>; papers: Set<string> }>();
  const roles = new Map<string, PaperMethodRole>();
  for (const { paperId, knowledge } of papers) {
    for (const m of knowledge.methods) {
      const key = canonicalMethod(m.key);
      if (notMethod(key)) continue;
      const f = methodForms.get(key) ?? { names: new Map(), aliases: new Set<string>(), papers: new Set<string>() };
      tally(f.names, m.name);
      for (const a of m.aliases) f.aliases.add(a);
      f.papers.add(paperId);
      methodForms.set(key, f);
      roles.set(`${key}\u0000${paperId}\u0000${m.role}`, { paperId, method: key, role: m.role, evidence: m.evidence });
    }
  }

  step('method forms');
  yield;
  // A family is a class: written in the plural ("concept bottleneck models", "neural processes"), it is still a
  // parent, unless it is broad; a data set, a measure or a broad class ("LLMs") is never a lineage end.
  const notLineageEnd = (key: string) => isGenericClass(key) || dataOrMeasure(key);
  const lineage = corpusLineage(papers, { canonicalMethod, canonicalConcept, isGeneric: notLineageEnd }, lineageCounts).filter(
    (l) => !notLineageEnd(l.child) && !notLineageEnd(l.parent),
  );
  // Lineage endpoints are methods even when no paper names them in a role.
  for (const l of lineage) {
    for (const key of [l.child, l.parent]) {
      if (!methodForms.has(key)) {
        // Named as the corpus writes it ("mixup", "Mixup") when it is a concept too.
        const concept = entities.get(canonicalConcept(key));
        const names = new Map([[concept?.name ?? key, 1]]);
        // With the concept's other ways of writing it: "SIVI" for "semi-implicit variational inference".
        const variants = (concept?.aliases ?? []).filter((a) => isVariant(a, concept!.name));
        methodForms.set(key, { names, aliases: new Set([key, ...names.keys(), ...variants]), papers: new Set() });
      }
    }
  }

  step('lineage');
  yield;
  // A method's papers are those that give it a role and those that mention it as a concept ("mixup" in an abstract).
  for (const [paperId, weights] of mentions) {
    for (const key of weights.keys()) methodForms.get(key)?.papers.add(paperId);
  }

  const tables: GraphParts['tables'] = {
    concepts: [...entities.values()]
      .filter((e) => paperCount.has(e.key))
      .map((e) => ({
        key: e.key,
        name: e.name,
        aliases: e.aliases,
        kind: methodForms.has(e.key) && e.type === 'concept' ? 'method' : e.type,
        paperCount: paperCount.get(e.key)!,
        broad: isBroad(paperCount.get(e.key)!, documents),
      })),
    conceptAliases: conceptAliasPairs(entities, paperCount, canonicalConcept),
    broader: broaderLinks(paperCount.keys()),
    methods: [...methodForms].map(([key, f]) => {
      const name = mostCommon(f.names);
      return { key, name, aliases: [...new Set([name, ...f.aliases])].sort(), paperCount: f.papers.size };
    }),
    methodAliases: [...methodAliases.keys()]
      .filter((alias) => !methodForms.has(alias))
      .map((alias) => [alias, canonicalMethod(alias)]),
    roles: [...roles.values()],
    lineage,
    filtered: [...resolved.filtered]
      .filter(([key]) => !paperCount.has(key) && !methodForms.has(key))
      .map(([key, f]) => ({ key, reason: f.reason, paperCount: f.paperCount })),
    documents,
  };
  step('graph rows');
  return { tables, mentions };
}

/** Milliseconds per named step, added up over calls. */
export type StepTimings = Map<string, number>;

/** Each call adds the time since the previous one (or since the timer was made) to the named step. */
function stepTimer(timings: StepTimings | undefined): (name: string) => void {
  let last = performance.now();
  return (name) => {
    if (!timings) return;
    const now = performance.now();
    timings.set(name, (timings.get(name) ?? 0) + now - last);
    last = now;
  };
}

/**
 * Every alias key (the key of any surface form) of a stored concept that is not itself a concept key. A form that
 * several concepts were written with names the one in most papers (then the first key): "LLM" is large language
 * models, not a one-paper phrase that a paper abbreviated the same way.
 */
function conceptAliasPairs(
  entities: Map<string, Entity>,
  paperCount: Map<string, number>,
  canonical: (key: string) => string,
): [string, string][] {
  const pairs = new Map<string, string>();
  const papers = (key: string) => paperCount.get(key) ?? 0;
  for (const e of entities.values()) {
    if (!paperCount.has(e.key)) continue;
    for (const alias of e.aliases) {
      const key = conceptKey(alias);
      if (key === e.key || paperCount.has(key)) continue;
      const held = pairs.get(key);
      if (held === undefined || papers(e.key) > papers(held) || (papers(e.key) === papers(held) && e.key < held)) pairs.set(key, e.key);
    }
  }
  for (const key of entities.keys()) {
    const target = canonical(key);
    if (target !== key && paperCount.has(target) && !paperCount.has(key)) pairs.set(key, target);
  }
  return [...pairs].sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * What the last update of a store's corpus graph in this process worked from, kept for the next: every paper's
 * knowledge as of papers generation `read` (papers written later may be in it too), the entity counts of exactly
 * those papers, and the graph it wrote as corpus generation `written`.
 */
interface CorpusModel {
  read: number;
  papers: Map<string, PaperInput>;
  counts: EntityCounts;
  /** Each paper's mentions as of the last update, and the document and pair counts of their keys. */
  mentions: Mentions;
  pairs: ConceptCounts;
  /** Lineage's counts of the papers' knowledge as of the last update. */
  lineage: LineageCounts;
  /**
   * What the graph written last held where it may differ from the model since: the mentions of each paper whose
   * mentions changed since (none: the paper was new), and the count of each concept pair (`a\0b`) whose count
   * changed since. Kept until a write succeeds, so an update stopped between its steps loses none.
   */
  unwritten: { mentions: Map<string, Map<string, number>>; pairs: Map<string, number> };
  /** The graph written last, but for its mentions and co-occurrences (which `unwritten` follows). */
  graph: KeyedGraph | null;
  written: number;
  /** The store's updates in this process, one after another. */
  queue: Promise<unknown>;
}

const models = new WeakMap<GraphStore, CorpusModel>();

/**
 * Updates the store's corpus graph to its papers. The store's papers generation is read before the knowledge, and
 * the graph is written as of that generation: an update that lost a race to a newer one writes nothing
 * (`written: false`), and one that started before later paper writes leaves the graph marked out of date for the
 * next run to finish.
 *
 * Incremental where it is exact. The first update of a store in a process reads every paper's knowledge and writes
 * the whole graph; later ones read only the papers written since (and notice removed ones), take each changed
 * paper's old knowledge out of the entity counts and put its new knowledge in, and write only the rows that differ
 * from the graph they wrote last, when the store still holds that graph (else the whole graph). The two largest
 * tables are followed key by key: a paper's mentions are compared with what they were, and only the papers whose
 * mentions changed change co-occurrence counts (NPMI is computed when read, so the other pairs stay as stored).
 * Entity resolution (alias merges, types, broad flags) is redone only where its facts changed (EntityCounts.resolve),
 * and lineage recounts only the changed papers' knowledge (LineageCounts). What stays global, recomputed in memory
 * at each update and compared row by row with the graph written last, is everything a single paper can change
 * anywhere in the graph: the concept rows, method forms and lineage's edges with its year rule. The
 * steps pause between them, so requests are answered while an update computes, and `signal` stops it between two
 * steps without writing (the graph stays marked out of date for the next update).
 *
 * Communities are no part of an update: concepts keep the community they have, a new one has none, until
 * `refreshCommunities` (ingest/communities.ts) computes them again from the stored graph, in the background in the
 * server, before `finishCorpusGraph` returns in the CLI. The list of every co-occurring pair is only built for a
 * whole-graph write, and sorted by NPMI only with `communities: true` (`litgraph rebuild`), which computes the
 * communities and writes them with the whole graph.
 */
export async function updateCorpusGraph(
  store: GraphStore,
  timings?: StepTimings,
  signal?: AbortSignal,
  options: { communities?: boolean } = {},
): Promise<{ seconds: number; written: boolean }> {
  let model = models.get(store);
  if (!model) {
    model = {
      read: -1,
      papers: new Map(),
      counts: new EntityCounts(),
      mentions: new Map(),
      pairs: new ConceptCounts(),
      lineage: new LineageCounts(),
      unwritten: { mentions: new Map(), pairs: new Map() },
      graph: null,
      written: -1,
      queue: Promise.resolve(),
    };
    models.set(store, model);
  }
  const update = model.queue.then(() => updateModel(store, model, timings, signal, options.communities ?? false));
  model.queue = update.catch(() => undefined);
  return update;
}

async function updateModel(
  store: GraphStore,
  model: CorpusModel,
  timings: StepTimings | undefined,
  signal: AbortSignal | undefined,
  withCommunities: boolean,
): Promise<{ seconds: number; written: boolean }> {
  const started = performance.now();
  const step = stepTimer(timings);
  const { papersGeneration } = await store.corpusState();
  const since = await store.knowledgeSince(model.read);
  for (const { paperId, year, knowledge } of since.papers) {
    const old = model.papers.get(paperId);
    if (old) model.counts.remove(old.knowledge);
    model.counts.add(knowledge);
    model.papers.set(paperId, { paperId, year, knowledge });
  }
  if (model.papers.size !== since.total) {
    const kept = new Set(await store.knowledgeIds());
    for (const [id, old] of model.papers) {
      if (kept.has(id)) continue;
      model.counts.remove(old.knowledge);
      model.papers.delete(id);
    }
  }
  model.read = papersGeneration;
  step('read knowledge');
  const papers = [...model.papers.values()].sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
  const steps = corpusGraphSteps(model.counts, papers, (mentions) => maintainPairs(model, mentions), step, model.lineage);
  let next = steps.next();
  for (; !next.done; next = steps.next()) {
    await new Promise((resolve) => setImmediate(resolve));
    // Stopped between steps: nothing written; the model keeps what the graph written last differs in.
    if (signal?.aborted) return { seconds: (performance.now() - started) / 1000, written: false };
  }
  const parts = next.value;
  await testHold('corpus-graph');
  const wrote = stepTimer(timings);
  let written = false;
  const tables = keyed(parts.tables, COMPARED);
  if (model.graph && !withCommunities) {
    const changes = { ...changesBetween(model.graph, tables), ...unwrittenChanges(model) } as CorpusGraphChanges;
    wrote('changes');
    written = await store.writeCorpusChanges(changes, model.written, papersGeneration);
    wrote('write');
  }
  if (!written && (await store.corpusState()).corpusGeneration < papersGeneration) {
    const edges = withCommunities ? model.pairs.cooccurrences(MIN_COOCCURRENCES) : null;
    const graph = wholeGraph(parts, edges ?? model.pairs.pairCounts(MIN_COOCCURRENCES), edges ? communities(edges) : undefined);
    wrote(edges ? 'communities' : 'pairs');
    written = await store.writeCorpusGraph(graph, papersGeneration);
    wrote('write whole');
  }
  // Written, the store holds the model's graph; else the next update writes the whole graph.
  model.graph = written ? tables : null;
  model.written = written ? papersGeneration : -1;
  model.unwritten = { mentions: new Map(), pairs: new Map() };
  return { seconds: (performance.now() - started) / 1000, written };
}

const PAIR = '\u0000';

/**
 * Co-occurrences from pair counts kept by delta: only a paper whose mentions changed (its knowledge did, or a merge
 * moved one of its keys) is looked at again, and only one whose keys changed is taken out of the counts and put
 * back; a removed paper is taken out. Each such paper's mentions, and each pair's count, are noted as the graph
 * written last had them, the first time they change after it.
 */
function maintainPairs(model: CorpusModel, mentions: Mentions): void {
  const { unwritten } = model;
  // With no graph written to compare with (the first update), the whole graph is written: nothing to note.
  const noting = model.graph !== null;
  const change = (paperId: string, old: Map<string, number> | undefined, now: Map<string, number> | undefined) => {
    if (noting && !unwritten.mentions.has(paperId)) unwritten.mentions.set(paperId, old ?? new Map());
    if (old && now && old.size === now.size && [...now.keys()].every((k) => old.has(k))) return;
    for (const keys of noting ? [old, now] : []) {
      const sorted = [...(keys?.keys() ?? [])].sort();
      for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length; j++) {
          const pair = `${sorted[i]}${PAIR}${sorted[j]}`;
          if (!unwritten.pairs.has(pair)) unwritten.pairs.set(pair, model.pairs.pairCount(sorted[i], sorted[j]));
        }
      }
    }
    if (old) model.pairs.remove(old.keys());
    if (now) model.pairs.add(now.keys());
  };
  for (const [paperId, old] of model.mentions) {
    if (mentions.has(paperId)) continue;
    change(paperId, old, undefined);
    model.mentions.delete(paperId);
  }
  for (const [paperId, weights] of mentions) {
    const old = model.mentions.get(paperId);
    if (old && sameWeights(old, weights)) continue;
    change(paperId, old, weights);
    model.mentions.set(paperId, weights);
  }
}

function sameWeights(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, weight] of a) if (b.get(key) !== weight) return false;
  return true;
}

/**
 * The mention and co-occurrence rows that differ from the graph written last: of the papers and pairs noted in
 * `model.unwritten`, compared with the model's mentions and pair counts now.
 */
function unwrittenChanges(model: CorpusModel): Pick<CorpusGraphChanges, 'mentions' | 'cooccurrences'> {
  const mentions: CorpusGraphChanges['mentions'] = { put: [], remove: [] };
  for (const [paperId, before] of model.unwritten.mentions) {
    const now = model.mentions.get(paperId) ?? new Map<string, number>();
    for (const [concept, weight] of now) if (before.get(concept) !== weight) mentions.put.push({ paperId, concept, weight });
    for (const [concept, weight] of before) if (!now.has(concept)) mentions.remove.push({ paperId, concept, weight });
  }
  const cooccurrences: CorpusGraphChanges['cooccurrences'] = { put: [], remove: [] };
  for (const [pair, before] of model.unwritten.pairs) {
    const [a, b] = pair.split(PAIR);
    const count = model.pairs.pairCount(a, b);
    const was = before >= MIN_COOCCURRENCES;
    if (count >= MIN_COOCCURRENCES && (!was || count !== before)) cooccurrences.put.push({ a, b, count });
    else if (was && count < MIN_COOCCURRENCES) cooccurrences.remove.push({ a, b, count: before });
  }
  return { mentions, cooccurrences };
}

/** Each table's row key (graph/store.ts, CorpusGraphChanges). */
const ROW_KEYS: { [T in keyof CorpusTables]: (row: CorpusTables[T][number]) => string } = {
  concepts: (c) => c.key,
  conceptAliases: ([alias]) => alias,
  mentions: (m) => `${m.concept}\u0000${m.paperId}`,
  cooccurrences: (e) => `${e.a}\u0000${e.b}`,
  broader: (b) => b.narrower,
  methods: (m) => m.key,
  methodAliases: ([alias]) => alias,
  roles: (r) => `${r.method}\u0000${r.paperId}\u0000${r.role}`,
  lineage: (l) => `${l.child}\u0000${l.parent}\u0000${l.relation}\u0000${l.paperId}`,
  filtered: (f) => f.key,
};

const TABLES = Object.keys(ROW_KEYS) as (keyof CorpusTables)[];
/** The tables an update compares row by row with the graph written last (the others: `unwrittenChanges`). */
const COMPARED = TABLES.filter((name) => name !== 'mentions' && name !== 'cooccurrences');

/** Some tables of a corpus graph, each row by its key, and the graph's number of papers. */
interface KeyedGraph {
  rows: Map<keyof CorpusTables, Map<string, object>>;
  documents: number;
}

function keyed(graph: Partial<CorpusTables> & { documents: number }, names: (keyof CorpusTables)[]): KeyedGraph {
  const rows = new Map(
    names.map((name) => {
      const key = ROW_KEYS[name] as (row: object) => string;
      return [name, new Map((graph[name] as object[]).map((row) => [key(row), row]))];
    }),
  );
  return { rows, documents: graph.documents };
}

/** Whether two rows of one table hold the same values: flat fields, or arrays of strings. */
function sameRow(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const field in x) {
    const u = x[field];
    const v = y[field];
    if (u === v) continue;
    if (!Array.isArray(u) || !Array.isArray(v) || u.length !== v.length || u.some((e, i) => e !== v[i])) return false;
  }
  return true;
}

/** In the tables `after` has, the rows that are new or changed since `before`, and the rows of `before` whose key is gone. */
function changesBetween(before: KeyedGraph, after: KeyedGraph): Partial<CorpusGraphChanges> & { documents: number } {
  const changes: Record<string, { put: object[]; remove: object[] }> = {};
  for (const [name, now] of after.rows) {
    const old = before.rows.get(name)!;
    const put: object[] = [];
    for (const [key, row] of now) {
      const was = old.get(key);
      if (!was || !sameRow(was, row)) put.push(row);
    }
    const remove = [...old].filter(([key]) => !now.has(key)).map(([, row]) => row);
    changes[name] = { put, remove };
  }
  return { ...(changes as Partial<CorpusGraphChanges>), documents: after.documents };
}

/** The rows of `after` that are new or changed since `before`, and the rows of `before` whose key is gone. */
export function corpusChanges(before: CorpusGraph, after: CorpusGraph): CorpusGraphChanges {
  return changesBetween(keyed(before, TABLES), keyed(after, TABLES)) as CorpusGraphChanges;
}

/**
 * Brings the corpus graph up to date if the store says it is out of date (papers were written since it was built, by
 * this process or by one that was interrupted before it could), then its communities if they were computed from an
 * older graph: what a command does before it exits, as it has no background to leave them to. Null when both were
 * up to date; `seconds` counts both.
 */
export async function finishCorpusGraph(store: GraphStore): Promise<{ seconds: number; written: boolean } | null> {
  const { papersGeneration, corpusGeneration } = await store.corpusState();
  const update = corpusGeneration < papersGeneration ? await updateCorpusGraph(store) : null;
  if (await communitiesFresh(store)) return update;
  const refresh = await refreshCommunities(store);
  return { seconds: (update?.seconds ?? 0) + refresh.seconds, written: update?.written ?? false };
}

/**
 * Test hook for the crash tests (test/ingest/crash.test.ts): with LITGRAPH_TEST_HOLD set to a point's name, the
 * process says so on standard error and waits there for ever, so a test can `kill -9` it at exactly that point.
 */
async function testHold(point: string): Promise<void> {
  if (process.env.LITGRAPH_TEST_HOLD !== point) return;
  process.stderr.write(`litgraph: holding at ${point}\n`);
  await new Promise(() => setInterval(() => undefined, 60_000));
}
