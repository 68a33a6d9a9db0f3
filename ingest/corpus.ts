import type { CorpusGraph, GraphStore, StoredKnowledge } from '../graph/store';
import type { ConceptKind, PaperMethodRole } from '../src/domain';
import { aliasIndex, broaderLinks, communities, ConceptCounts, cooccurrences } from './extract';
import { corpusLineage } from './lineage';

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
 * The corpus-wide knowledge graph from every paper's knowledge: aliases merged across papers ("MoE" where one
 * paper defines "Mixture-of-Experts (MoE)"), generic concepts dropped by document frequency, co-occurrence by NPMI,
 * broader/narrower links, Louvain communities, method nodes, roles, and method lineage (ingest/lineage.ts).
 */
export function buildCorpusGraph(papers: PaperInput[]): CorpusGraph {
  const conceptAliases = aliasIndex(papers.flatMap((p) => p.knowledge.concepts));
  const canonicalConcept = resolver(conceptAliases);
  const counts = new ConceptCounts();
  for (const p of papers) counts.add(p.knowledge.concepts.map((c) => canonicalConcept(c.key)));
  const stats = counts.stats();

  const mentions = new Map<string, Map<string, number>>();
  const forms = new Map<
    string,
    { names: Map<string, number>; aliases: Set<string>; kinds: Map<ConceptKind, number> }
  >();
  for (const { paperId, knowledge } of papers) {
    const weights = new Map<string, number>();
    for (const c of knowledge.concepts) {
      const key = canonicalConcept(c.key);
      if (stats.isGeneric(key)) continue;
      weights.set(key, Math.max(weights.get(key) ?? 0, c.weight));
      const f = forms.get(key) ?? { names: new Map(), aliases: new Set<string>(), kinds: new Map() };
      tally(f.names, c.name);
      for (const a of c.aliases) f.aliases.add(a);
      tally(f.kinds, c.kind);
      forms.set(key, f);
    }
    mentions.set(paperId, weights);
  }

  const edges = cooccurrences(
    [...mentions.values()].map((w) => [...w.keys()]),
    MIN_COOCCURRENCES,
  );
  const community = communities(edges);

  const methodAliases = aliasIndex(papers.flatMap((p) => p.knowledge.methods));
  const canonicalMethod = resolver(methodAliases);
  const methodForms = new Map<string, { names: Map<string, number>; aliases: Set<string>; papers: Set<string> }>();
  const roles = new Map<string, PaperMethodRole>();
  for (const { paperId, knowledge } of papers) {
    for (const m of knowledge.methods) {
      const key = canonicalMethod(m.key);
      const f = methodForms.get(key) ?? { names: new Map(), aliases: new Set<string>(), papers: new Set<string>() };
      tally(f.names, m.name);
      for (const a of m.aliases) f.aliases.add(a);
      f.papers.add(paperId);
      methodForms.set(key, f);
      roles.set(`${key}\u0000${paperId}\u0000${m.role}`, { paperId, method: key, role: m.role, evidence: m.evidence });
    }
  }

  const lineage = corpusLineage(papers, { canonicalMethod, canonicalConcept, isGeneric: (key) => stats.isGeneric(key) });
  // Lineage endpoints are methods even when no paper names them in a role.
  for (const l of lineage) {
    for (const key of [l.child, l.parent]) {
      if (!methodForms.has(key)) {
        // Named as the corpus writes it ("mixup", "Mixup") when it is a concept too.
        const names = forms.get(canonicalConcept(key))?.names ?? new Map([[key, 1]]);
        methodForms.set(key, { names, aliases: new Set([key, ...names.keys()]), papers: new Set() });
      }
    }
  }

  return {
    concepts: [...forms].map(([key, f]) => {
      const name = mostCommon(f.names);
      return {
        key,
        name,
        aliases: [...new Set([name, ...f.aliases])].sort(),
        kind: mostCommon(f.kinds),
        paperCount: stats.df(key),
        community: community.get(key) ?? null,
      };
    }),
    conceptAliases: [...conceptAliases.keys()]
      .filter((alias) => forms.has(canonicalConcept(alias)) && !forms.has(alias))
      .map((alias) => [alias, canonicalConcept(alias)]),
    mentions: [...mentions].flatMap(([paperId, weights]) =>
      [...weights].map(([concept, weight]) => ({ paperId, concept, weight })),
    ),
    cooccurrences: edges.map(({ a, b, count, npmi }) => ({ a, b, count, npmi })),
    broader: broaderLinks(forms.keys()),
    methods: [...methodForms].map(([key, f]) => {
      const name = mostCommon(f.names);
      return { key, name, aliases: [...new Set([name, ...f.aliases])].sort(), paperCount: f.papers.size };
    }),
    methodAliases: [...methodAliases.keys()]
      .filter((alias) => !methodForms.has(alias))
      .map((alias) => [alias, canonicalMethod(alias)]),
    roles: [...roles.values()],
    lineage,
  };
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
