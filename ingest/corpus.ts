import type { CorpusGraph, GraphStore, StoredKnowledge } from '../graph/store';
import type { PaperMethodRole } from '../src/domain';
import { aliasIndex, broaderLinks, communities, conceptKey, cooccurrences, EntityCounts, isBroad, isNameLike, type Entity } from './extract';
import { corpusLineage } from './lineage';

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
 * kept and flagged, never dropped. Then co-occurrence by NPMI, broader/narrower links, Louvain communities, method
 * nodes (method mentions under the same canonical keys, except those the corpus types as data sets or measures and
 * plural classes such as "language models"), roles, and method lineage (ingest/lineage.ts), whose ends are never
 * such non-methods. Phrases seen but kept out are listed with their reason.
 */
export function buildCorpusGraph(papers: PaperInput[]): CorpusGraph {
  const counts = new EntityCounts();
  for (const p of papers) counts.add(p.knowledge);
  const resolved = counts.resolve();
  const canonicalConcept = resolved.canonical;
  const entities = resolved.entities;

  const mentions = new Map<string, Map<string, number>>();
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
  const documents = papers.length;
  const isGenericClass = (key: string) => {
    const e = entities.get(key);
    return !!e && (e.broad || isBroad(paperCount.get(key) ?? 0, documents));
  };

  const edges = cooccurrences(
    [...mentions.values()].map((w) => [...w.keys()]),
    MIN_COOCCURRENCES,
  );
  const community = communities(edges);

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

  // A family is a class: written in the plural ("concept bottleneck models", "neural processes"), it is still a
  // parent, unless it is broad; a data set, a measure or a broad class ("LLMs") is never a lineage end.
  const notLineageEnd = (key: string) => isGenericClass(key) || dataOrMeasure(key);
  const lineage = corpusLineage(papers, { canonicalMethod, canonicalConcept, isGeneric: notLineageEnd }).filter(
    (l) => !notLineageEnd(l.child) && !notLineageEnd(l.parent),
  );
  // Lineage endpoints are methods even when no paper names them in a role.
  for (const l of lineage) {
    for (const key of [l.child, l.parent]) {
      if (!methodForms.has(key)) {
        // Named as the corpus writes it ("mixup", "Mixup") when it is a concept too.
        const concept = entities.get(canonicalConcept(key));
        const names = new Map([[concept?.name ?? key, 1]]);
        methodForms.set(key, { names, aliases: new Set([key, ...names.keys()]), papers: new Set() });
      }
    }
  }

  // A method's papers are those that give it a role and those that mention it as a concept ("mixup" in an abstract).
  const mentionedIn = new Map<string, string[]>();
  for (const [paperId, weights] of mentions) {
    for (const key of weights.keys()) if (methodForms.has(key)) mentionedIn.set(key, [...(mentionedIn.get(key) ?? []), paperId]);
  }
  for (const [key, ids] of mentionedIn) for (const id of ids) methodForms.get(key)!.papers.add(id);

  return {
    concepts: [...entities.values()]
      .filter((e) => paperCount.has(e.key))
      .map((e) => ({
        key: e.key,
        name: e.name,
        aliases: e.aliases,
        kind: methodForms.has(e.key) && e.type === 'concept' ? 'method' : e.type,
        paperCount: paperCount.get(e.key)!,
        community: community.get(e.key) ?? null,
        broad: isBroad(paperCount.get(e.key)!, documents),
      })),
    conceptAliases: conceptAliasPairs(entities, paperCount, canonicalConcept),
    mentions: [...mentions].flatMap(([paperId, weights]) =>
      [...weights].map(([concept, weight]) => ({ paperId, concept, weight })),
    ),
    cooccurrences: edges.map(({ a, b, count, npmi }) => ({ a, b, count, npmi })),
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
  };
}

/** Every alias key (the key of any surface form) of a stored concept that is not itself a concept key. */
function conceptAliasPairs(
  entities: Map<string, Entity>,
  paperCount: Map<string, number>,
  canonical: (key: string) => string,
): [string, string][] {
  const pairs = new Map<string, string>();
  for (const e of entities.values()) {
    if (!paperCount.has(e.key)) continue;
    for (const alias of e.aliases) {
      const key = conceptKey(alias);
      if (key !== e.key && !paperCount.has(key) && !pairs.has(key)) pairs.set(key, e.key);
    }
  }
  for (const key of entities.keys()) {
    const target = canonical(key);
    if (target !== key && paperCount.has(target) && !paperCount.has(key)) pairs.set(key, target);
  }
  return [...pairs].sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * Rebuilds the store's corpus graph from the knowledge of every stored paper. The store's papers generation is read
 * before the knowledge, and the graph is written as of that generation: a rebuild that lost a race to a newer one
 * writes nothing (`written: false`), and one that started before later paper writes leaves the graph marked out of
 * date for the next run to finish.
 */
export async function updateCorpusGraph(store: GraphStore): Promise<{ seconds: number; written: boolean }> {
  const started = performance.now();
  const { papersGeneration } = await store.corpusState();
  const graph = buildCorpusGraph(await store.paperKnowledge());
  await testHold('corpus-graph');
  const written = await store.writeCorpusGraph(graph, papersGeneration);
  return { seconds: (performance.now() - started) / 1000, written };
}

/**
 * Rebuilds the corpus graph if the store says it is out of date: papers were written since it was built, by this
 * process or by one that was interrupted before it could rebuild. Null when it was up to date.
 */
export async function finishCorpusGraph(store: GraphStore): Promise<{ seconds: number; written: boolean } | null> {
  const { papersGeneration, corpusGeneration } = await store.corpusState();
  return corpusGeneration < papersGeneration ? updateCorpusGraph(store) : null;
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
