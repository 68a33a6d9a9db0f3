import { SqliteGraphStore } from '../../graph/sqlite/store';
import { buildCorpusGraph } from '../../ingest/corpus';
import { cooccurrences } from '../../ingest/extract';
import { tempDir } from '../support/fixtures';
import { concept, method, paper } from '../support/knowledge';

/** A concept in the paper's title: a term of the corpus even in one paper. */
const titled = (key: string) => ({ ...concept(key), inTitle: true });

test('an acronym one paper defines merges the papers that only use it', () => {
  const graph = buildCorpusGraph([
    paper('a', 2024, { concepts: [concept('mixture of expert', 'Mixture-of-Experts', ['Mixture-of-Experts', 'MoE'])] }),
    paper('b', 2024, { concepts: [concept('moe', 'MoE')] }),
    paper('c', 2024, { concepts: [concept('moe', 'MoE'), titled('routing')] }),
  ]);
  expect(graph.concepts.find((c) => c.key === 'mixture of expert')).toMatchObject({ paperCount: 3, name: 'MoE' });
  expect(graph.concepts.map((c) => c.key).sort()).toEqual(['mixture of expert', 'routing']);
  expect(graph.conceptAliases).toEqual([['moe', 'mixture of expert']]);
  expect(graph.mentions.filter((m) => m.concept === 'mixture of expert').map((m) => m.paperId)).toEqual(['a', 'b', 'c']);
});

test('a form several concepts were written with is the alias of the one in most papers', () => {
  const llms = (id: string) =>
    paper(id, 2024, { concepts: [concept('large language model', 'large language models', ['large language models', 'LLMs'])] });
  const graph = buildCorpusGraph([
    paper('a', 2024, {
      concepts: [{ ...titled('language to direct language model'), aliases: ['language to direct language models', 'LLMs'] }],
    }),
    llms('b'),
    llms('c'),
  ]);
  expect(graph.conceptAliases).toContainEqual(['llm', 'large language model']);
});

test('an ancestor is never newer than its descendant where years are known', () => {
  const cue = (child: string, parent: string) => ({
    child,
    parent,
    relation: 'EXTENDS' as const,
    evidence: `${child} extends ${parent}.`,
    confidence: 0.9,
  });
  const graph = buildCorpusGraph([
    paper('old', 2019, { methods: [method('automix', 'AutoMix', 'PROPOSES')] }),
    paper('new', 2023, { methods: [method('adautomix', 'AdAutoMix', 'PROPOSES')], lineage: [cue('adautomix', 'automix')] }),
    // A 2018 paper cannot extend a method first proposed in 2019.
    paper('misread', 2018, { methods: [method('early', 'Early', 'PROPOSES')], lineage: [cue('early', 'automix')] }),
    paper('undated', undefined, { methods: [method('later', 'Later', 'PROPOSES')], lineage: [cue('later', 'automix')] }),
  ]);
  expect(graph.lineage.map((l) => `${l.child}->${l.parent}@${l.paperId}`).sort()).toEqual([
    'adautomix->automix@new',
    'later->automix@undated',
  ]);
  expect(graph.methods.find((m) => m.key === 'automix')).toMatchObject({ name: 'AutoMix', paperCount: 1 });
  expect(graph.roles).toContainEqual({ paperId: 'new', method: 'adautomix', role: 'PROPOSES', evidence: 'AdAutoMix sentence.' });
});

test('co-occurrence needs two shared papers; communities and broader links follow', () => {
  const graph = buildCorpusGraph([
    paper('a', 2024, { concepts: [concept('data mixing'), concept('online data mixing'), concept('moe')] }),
    paper('b', 2024, { concepts: [concept('data mixing'), concept('online data mixing')] }),
    paper('c', 2024, { concepts: [concept('moe'), titled('routing')] }),
  ]);
  expect(graph.cooccurrences).toEqual([{ a: 'data mixing', b: 'online data mixing', count: 2 }]);
  expect(graph.documents).toBe(3);
  expect(graph.broader).toEqual([{ narrower: 'online data mixing', broader: 'data mixing' }]);
  const community = (key: string) => graph.communities?.get(key) ?? null;
  expect(community('data mixing')).not.toBeNull();
  expect(community('data mixing')).toBe(community('online data mixing'));
  expect(community('routing')).toBeNull();
});

test('a store reads each co-occurrence with the NPMI its counts, its concepts\' paper counts and the papers give', async () => {
  const keys = (...ks: string[]) => ({ concepts: ks.map((k) => concept(k)) });
  const papers = [
    paper('a', 2024, keys('data mixing', 'moe', 'routing')),
    paper('b', 2024, keys('data mixing', 'moe')),
    paper('c', 2024, keys('moe', 'routing', 'sparsity')),
    paper('d', 2024, keys('moe', 'routing', 'sparsity')),
    paper('e', 2024, keys('data mixing', 'sparsity')),
    paper('f', 2024, keys('data mixing', 'sparsity')),
    paper('g', 2024, {}),
  ];
  const graph = buildCorpusGraph(papers);
  const tmp = tempDir();
  const store = new SqliteGraphStore(`${tmp.dir}/npmi.db`);
  try {
    expect(await store.writeCorpusGraph(graph, 1)).toBe(true);
    // As the co-occurrences of the papers' keys weigh them when they are built (communities use those weights).
    const built = cooccurrences(papers.map((p) => p.knowledge.concepts.map((c) => c.key)));
    expect(built.map((e) => e.npmi).filter((w, i, all) => all.indexOf(w) === i).length).toBeGreaterThan(2);
    for (const key of ['data mixing', 'moe', 'routing', 'sparsity']) {
      const expected = built
        .filter((e) => e.a === key || e.b === key)
        .map((e) => ({ key: e.a === key ? e.b : e.a, weight: e.npmi, cooccurrences: e.count }));
      expect([key, await store.conceptNeighbours(key, 10)]).toEqual([key, expected]);
    }
  } finally {
    await store.close();
    tmp.cleanup();
  }
});
