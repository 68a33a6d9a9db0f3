import type { CorpusGraph, CorpusGraphChanges, CorpusTables, GraphStore, StoredKnowledge } from '../graph/store';
import { CorpusRows, ROW_KEYS, sameRow } from './corpus-rows';
import { communitiesFresh, refreshCommunities } from './communities';
import { communities, ConceptCounts, EntityCounts } from './extract';
import { corpusLineage, LineageCounts } from './lineage';

/** Concept pairs must share this many papers to be neighbours. */
const MIN_COOCCURRENCES = 2;

type PaperInput = Pick<StoredKnowledge, 'paperId' | 'year' | 'knowledge'>;

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
  const rows = new CorpusRows(new Map(papers.map((p) => [p.paperId, p])));
  for (const p of papers) rows.touch(p.paperId);
  const pairs = new ConceptCounts();
  const countPairs = () => {
    for (const weights of rows.mentions.values()) pairs.add(weights.keys());
  };
  const steps = corpusGraphSteps(counts, rows, papers, countPairs, step);
  while (!steps.next().done);
  const edges = pairs.cooccurrences(MIN_COOCCURRENCES);
  const community = communities(edges);
  step('communities');
  return wholeGraph(rows, edges, community);
}

/** The whole graph from its rows and its co-occurrences, with its communities when they were computed with it. */
function wholeGraph(rows: CorpusRows, pairs: { a: string; b: string; count: number }[], communities?: Map<string, number>): CorpusGraph {
  return { ...rows.whole(), cooccurrences: pairs.map(({ a, b, count }) => ({ a, b, count })), ...(communities && { communities }) };
}

/**
 * The corpus graph but for its co-occurrences and communities, from the entity counts of `papers` (in id order); it
 * has `countPairs` count the co-occurrences of each paper's resolved concept keys (`rows.mentions`). A step at a time: the generator pauses after each step, so an update can
 * let other work run between them. The rows are brought up to date by what changed since they were last (ingest/
 * corpus-rows.ts; all of it, for fresh rows); the graph depends on nothing but the counts and the papers, not on the
 * order the counts were made in: counts and rows kept up to date paper by paper give the graph a rebuild gives.
 * `lineageCounts`: lineage's counts of the previous update (ingest/lineage.ts), brought up to date here.
 */
function* corpusGraphSteps(
  counts: EntityCounts,
  rows: CorpusRows,
  papers: PaperInput[],
  countPairs: () => void,
  step: (name: string) => void,
  lineageCounts?: LineageCounts,
): Generator<void, void> {
  const resolved = counts.resolve();
  rows.resolved(resolved);
  step('entity resolution');
  yield;
  rows.updateMentions();
  step('mentions');
  yield;
  countPairs();
  step('co-occurrences');
  yield;
  rows.updateMethodForms();
  step('method forms');
  yield;
  // A family is a class: written in the plural ("concept bottleneck models", "neural processes"), it is still a
  // parent, unless it is broad; a data set, a measure or a broad class ("LLMs") is never a lineage end.
  const notLineageEnd = (key: string) => rows.isGenericClass(key) || rows.dataOrMeasure(key);
  const context = { canonicalMethod: rows.canonicalMethod, canonicalConcept: resolved.canonical, isGeneric: notLineageEnd };
  const lineage = corpusLineage(papers, context, lineageCounts).filter((l) => !notLineageEnd(l.child) && !notLineageEnd(l.parent));
  // Lineage endpoints are methods even when no paper names them in a role.
  rows.updateLineage(lineage);
  step('lineage');
  yield;
  rows.updateRows();
  step('graph rows');
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
 * What the last update of a store's corpus graph in this process worked from, kept for the next: every paper's
 * knowledge as of papers generation `read` (papers written later may be in it too), the entity counts of exactly
 * those papers, and the graph it wrote as corpus generation `written`.
 */
interface CorpusModel {
  read: number;
  papers: Map<string, PaperInput>;
  counts: EntityCounts;
  /** The graph's rows (and each paper's mentions), and what differs from the graph written last (`rows.noting`). */
  rows: CorpusRows;
  /** The document and pair counts of the papers' mentions as of the last update. */
  pairs: ConceptCounts;
  /** Lineage's counts of the papers' knowledge as of the last update. */
  lineage: LineageCounts;
  /**
   * What the graph written last held where it may differ from the model since: the count of each concept pair
   * (`a\0b`) whose count changed since. Kept until a write succeeds, so an update stopped between its steps loses none.
   */
  unwritten: { pairs: Map<string, number> };
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
 * from the graph they wrote last, when the store still holds that graph (else the whole graph). Entity resolution
 * (alias merges, types, broad flags) is redone only where its facts changed (EntityCounts.resolve), and says where
 * its answer changed; the rows (ingest/corpus-rows.ts: mentions, paper counts, concepts, aliases, broader links,
 * method forms, roles, method aliases, filtered names) are redone only for the papers and keys that a changed paper
 * or a changed resolution reaches, and each row is noted as the graph written last had it the first time it
 * changes, so the changes written are those rows, found without comparing whole graphs. Only the papers whose
 * mentions changed change co-occurrence counts (NPMI is computed when read, so the other pairs stay as stored), and
 * lineage reads again only the changed papers and those whose questions to the corpus changed answers
 * (LineageCounts); a key whose lineage end changed has its rows redone. The steps pause between them, so requests
 * are answered while an update computes, and `signal` stops it between two steps without writing (the graph stays
 * marked out of date for the next update; what the rows have still to redo is kept for it).
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
    const papers = new Map<string, PaperInput>();
    model = {
      read: -1,
      papers,
      counts: new EntityCounts(),
      rows: new CorpusRows(papers),
      pairs: new ConceptCounts(),
      lineage: new LineageCounts(),
      unwritten: { pairs: new Map() },
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
    model.rows.touch(paperId);
  }
  if (model.papers.size !== since.total) {
    const kept = new Set(await store.knowledgeIds());
    for (const [id, old] of model.papers) {
      if (kept.has(id)) continue;
      model.counts.remove(old.knowledge);
      model.papers.delete(id);
      model.rows.touch(id);
    }
  }
  model.read = papersGeneration;
  step('read knowledge');
  const papers = [...model.papers.values()].sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
  const steps = corpusGraphSteps(model.counts, model.rows, papers, () => maintainPairs(model), step, model.lineage);
  while (!steps.next().done) {
    await new Promise((resolve) => setImmediate(resolve));
    // Stopped between steps: nothing written; the model keeps what the graph written last differs in.
    if (signal?.aborted) return { seconds: (performance.now() - started) / 1000, written: false };
  }
  await testHold('corpus-graph');
  const wrote = stepTimer(timings);
  let written = false;
  if (model.rows.noting && !withCommunities) {
    const changes: CorpusGraphChanges = { ...model.rows.changes(), cooccurrences: pairChanges(model) };
    wrote('changes');
    written = await store.writeCorpusChanges(changes, model.written, papersGeneration);
    wrote('write');
  }
  if (!written && (await store.corpusState()).corpusGeneration < papersGeneration) {
    const edges = withCommunities ? model.pairs.cooccurrences(MIN_COOCCURRENCES) : null;
    const graph = wholeGraph(model.rows, edges ?? model.pairs.pairCounts(MIN_COOCCURRENCES), edges ? communities(edges) : undefined);
    wrote(edges ? 'communities' : 'pairs');
    written = await store.writeCorpusGraph(graph, papersGeneration);
    wrote('write whole');
  }
  // Written, the store holds the model's graph; else the next update writes the whole graph.
  model.rows.written(written);
  model.written = written ? papersGeneration : -1;
  model.unwritten = { pairs: new Map() };
  return { seconds: (performance.now() - started) / 1000, written };
}

const PAIR = '\u0000';

/**
 * Co-occurrences from pair counts kept by delta: only a paper whose mentions changed (its knowledge did, or a merge
 * moved one of its keys: CorpusRows.takeRecounts) is looked at again, and only one whose keys changed is taken out
 * of the counts and put back; a removed paper is taken out. Each pair's count is noted as the graph written last had
 * it, the first time it changes after it.
 */
function maintainPairs(model: CorpusModel): void {
  const { unwritten, rows } = model;
  // With no graph written to compare with (the first update), the whole graph is written: nothing to note.
  const noting = rows.noting;
  for (const [paperId, old] of rows.takeRecounts()) {
    const now = rows.mentions.get(paperId);
    if (old && now && old.size === now.size && [...now.keys()].every((k) => old.has(k))) continue;
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
  }
}

/** The co-occurrence rows that differ from the graph written last: of the pairs noted in `model.unwritten`. */
function pairChanges(model: CorpusModel): CorpusGraphChanges['cooccurrences'] {
  const cooccurrences: CorpusGraphChanges['cooccurrences'] = { put: [], remove: [] };
  for (const [pair, before] of model.unwritten.pairs) {
    const [a, b] = pair.split(PAIR);
    const count = model.pairs.pairCount(a, b);
    const was = before >= MIN_COOCCURRENCES;
    if (count >= MIN_COOCCURRENCES && (!was || count !== before)) cooccurrences.put.push({ a, b, count });
    else if (was && count < MIN_COOCCURRENCES) cooccurrences.remove.push({ a, b, count: before });
  }
  return cooccurrences;
}

/** The rows of `after` that are new or changed since `before`, and the rows of `before` whose key is gone. */
export function corpusChanges(before: CorpusGraph, after: CorpusGraph): CorpusGraphChanges {
  const changes: Record<string, { put: object[]; remove: object[] }> = {};
  for (const name of Object.keys(ROW_KEYS) as (keyof CorpusTables)[]) {
    const key = ROW_KEYS[name] as (row: object) => string;
    const old = new Map((before[name] as object[]).map((row) => [key(row), row]));
    const now = new Map((after[name] as object[]).map((row) => [key(row), row]));
    const put = [...now].filter(([k, row]) => !old.has(k) || !sameRow(old.get(k)!, row)).map(([, row]) => row);
    const remove = [...old].filter(([k]) => !now.has(k)).map(([, row]) => row);
    changes[name] = { put, remove };
  }
  return { ...(changes as unknown as CorpusGraphChanges), documents: after.documents };
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
