import type { CorpusGraph, GraphStore, PaperWrite } from '../../graph/store';

/** Opens a fresh, empty store of the adapter under test (the suite closes it). */
export type OpenStore = () => Promise<GraphStore>;

/** A paper write with defaults for every field the test does not care about. */
export function paperWrite(id: string, overrides: Partial<PaperWrite['paper']> = {}, vector?: PaperWrite['vector']) {
  return {
    paper: {
      id,
      title: `Title of ${id}`,
      abstract: `Abstract of ${id}.`,
      authors: [],
      keywords: [],
      contentHash: `c-${id}`,
      textHash: `t-${id}`,
      ...overrides,
    },
    vector,
  } satisfies PaperWrite;
}

export function unitVector(dims: number, hot: number): Float32Array {
  const v = new Float32Array(dims);
  v[hot % dims] = 1;
  return v;
}

export const vec = (...values: number[]) => Float32Array.from(values);

/**
 * A store's whole content as the port reads it, in the port's own orders: what "the same graph" is checked against.
 * The generations (corpusState) are not content: they count writes.
 */
export async function snapshot(store: GraphStore) {
  const stats = await store.stats();
  const papers = await allPages((after) => store.listPapers({ first: 100, after }));
  const ids = papers.map((p) => p.id);
  const vectors: Record<string, [string, number[]][]> = {};
  for (const model of Object.keys(stats.vectorsByModel).sort()) {
    vectors[model] = (await store.vectors(model)).map((v) => [v.id, Array.from(v.values)]);
  }
  const concepts = await allPages((after) => store.listConcepts({ first: 100, after }));
  const methods = await allPages((after) => store.listMethods({ first: 100, after }));
  const keys = methods.map((m) => m.key);
  const neighbours: Record<string, unknown> = {};
  for (const c of concepts) neighbours[c.key] = await store.conceptNeighbours(c.key, 1000);
  return {
    stats,
    papers,
    fingerprints: [...(await store.fingerprints(ids))].sort(),
    vectors,
    knowledge: await store.paperKnowledge(),
    concepts,
    neighbours,
    mentions: [...(await store.paperConcepts(ids))],
    methods,
    roles: await store.methodRoles(keys),
    lineage: await store.lineageEdges(keys, 'parents'),
  };
}

/**
 * The corpus graph as the port reads it: nodes, the aliases and filtered names among `keys`, the mentions of
 * `paperIds`, co-occurrences, broader links, roles, lineage.
 */
export async function corpusSnapshot(store: GraphStore, keys: string[], paperIds: string[]) {
  const concepts = await allPages((after) => store.listConcepts({ first: 100, after }));
  const methods = await allPages((after) => store.listMethods({ first: 100, after }));
  const conceptKeys = concepts.map((c) => c.key);
  const methodKeys = methods.map((m) => m.key);
  const perConcept = async <T>(read: (key: string) => Promise<T>) =>
    Object.fromEntries(await Promise.all(conceptKeys.map(async (k) => [k, await read(k)] as const)));
  return {
    concepts,
    methods,
    conceptAliases: [...(await store.resolveConcepts(keys))],
    methodAliases: [...(await store.resolveMethods(keys))],
    filtered: await Promise.all(keys.map((k) => store.filteredName(k))),
    cooccurrences: await perConcept((k) => store.conceptNeighbours(k, 100_000)),
    broader: await perConcept((k) => store.conceptHierarchy(k, 'broader')),
    mentions: [...(await store.paperConcepts(paperIds))],
    roles: await store.methodRoles(methodKeys),
    lineage: await store.lineageEdges(methodKeys, 'parents'),
  };
}

/** Every item of a paged list, page after page. */
export async function allPages<T>(
  list: (after?: string) => Promise<{ items: T[]; endCursor: string | null; hasNextPage: boolean }>,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await list(after);
    items.push(...page.items);
    if (!page.hasNextPage) return items;
    after = page.endCursor!;
  }
}

/** A cursor-shaped string the store never gave out. */
export const b64 = (text: string) => Buffer.from(text).toString('base64');

export const corpus: CorpusGraph = {
  concepts: [
    { key: 'data mixing', name: 'data mixing', aliases: ['data mixing', 'Data Mixing'], kind: 'method', paperCount: 3, broad: false },
    { key: 'online data mixing', name: 'online data mixing', aliases: ['online data mixing'], kind: 'method', paperCount: 1, broad: false },
    { key: 'mixture of expert', name: 'mixture of experts', aliases: ['MoE', 'mixture of experts'], kind: 'method', paperCount: 2, broad: false },
    { key: 'language model', name: 'language models', aliases: ['language models'], kind: 'concept', paperCount: 2, broad: true },
    { key: 'cifar 100', name: 'CIFAR-100', aliases: ['CIFAR-100'], kind: 'dataset', paperCount: 1, broad: false },
    { key: 'bleu', name: 'BLEU', aliases: ['BLEU', 'BLEU score'], kind: 'metric', paperCount: 1, broad: false },
  ],
  conceptAliases: [['moe', 'mixture of expert']],
  mentions: [
    { paperId: 'p1', concept: 'data mixing', weight: 1 },
    { paperId: 'p1', concept: 'mixture of expert', weight: 0.5 },
    { paperId: 'p2', concept: 'data mixing', weight: 0.8 },
    { paperId: 'p2', concept: 'mixture of expert', weight: 0.9 },
    { paperId: 'p2', concept: 'online data mixing', weight: 0.4 },
    { paperId: 'p3', concept: 'data mixing', weight: 0.8 },
    { paperId: 'p3', concept: 'language model', weight: 0.2 },
    { paperId: 'p1', concept: 'language model', weight: 0.3 },
    { paperId: 'p3', concept: 'cifar 100', weight: 0.5 },
    { paperId: 'p3', concept: 'bleu', weight: 0.5 },
  ],
  cooccurrences: [
    { a: 'data mixing', b: 'mixture of expert', count: 2 },
    { a: 'data mixing', b: 'language model', count: 2 },
    { a: 'language model', b: 'mixture of expert', count: 1 },
  ],
  broader: [{ narrower: 'online data mixing', broader: 'data mixing' }],
  methods: [
    { key: 'automix', name: 'AutoMix', aliases: ['AutoMix'], paperCount: 2 },
    { key: 'adversarial automixup', name: 'Adversarial AutoMixup', aliases: ['AdAutoMix', 'Adversarial AutoMixup'], paperCount: 1 },
    { key: 'mixup', name: 'Mixup', aliases: ['Mixup', 'mixup'], paperCount: 2 },
  ],
  methodAliases: [['adautomix', 'adversarial automixup']],
  roles: [
    { paperId: 'p1', method: 'automix', role: 'PROPOSES', evidence: 'We propose AutoMix.' },
    { paperId: 'p1', method: 'mixup', role: 'USES', evidence: 'AutoMix builds on mixup.' },
    { paperId: 'p2', method: 'adversarial automixup', role: 'PROPOSES', evidence: 'We propose AdAutoMix.' },
    { paperId: 'p2', method: 'automix', role: 'COMPARES', evidence: 'AdAutoMix outperforms AutoMix.' },
    { paperId: 'p3', method: 'mixup', role: 'USES', evidence: 'We use mixup.' },
  ],
  lineage: [
    { child: 'adversarial automixup', parent: 'automix', relation: 'EXTENDS', evidence: 'AdAutoMix extends AutoMix.', confidence: 0.9, paperId: 'p2' },
    { child: 'automix', parent: 'mixup', relation: 'BUILDS_ON', evidence: 'AutoMix builds on mixup.', confidence: 0.7, paperId: 'p1' },
  ],
  filtered: [
    { key: '100b token', reason: 'QUANTITY', paperCount: 2 },
    { key: 'wiley periodical llc', reason: 'BOILERPLATE', paperCount: 1 },
  ],
  documents: 5,
  communities: new Map([
    ['data mixing', 0],
    ['online data mixing', 0],
    ['mixture of expert', 1],
  ]),
};

/** A concept of `corpus` as the store reads it back: with its community. */
export const storedConcept = (i: number) => ({ ...corpus.concepts[i], community: corpus.communities!.get(corpus.concepts[i].key) ?? null });


export const smaller: CorpusGraph = { ...corpus, lineage: [], concepts: corpus.concepts.slice(0, 1), conceptAliases: [] };
