import { codes, serveSample } from './support';

// The knowledge-graph queries over real HTTP against the sample corpus in a real SQLite file.
const served = serveSample();

async function data(query: string, variables?: Record<string, unknown>) {
  const res = await served.api.gql(query, variables);
  expect(res.body.errors).toBeUndefined();
  return res.body.data;
}

test('concept(name) is alias-aware and case-insensitive: MoE and mixture of experts are one node', async () => {
  const q = `query($name: String!) { concept(name: $name) { id name aliases kind paperCount community } }`;
  const moe = (await data(q, { name: 'MoE' })).concept;
  expect(moe).not.toBeNull();
  expect(moe.aliases).toEqual(expect.arrayContaining(['MoE']));
  expect(moe.paperCount).toBeGreaterThanOrEqual(3);
  expect((await data(q, { name: 'mixture of experts' })).concept).toEqual(moe);
  expect((await data(q, { name: 'Mixture-of-Experts' })).concept).toEqual(moe);
  expect((await data(q, { name: 'no such concept anywhere' })).concept).toBeNull();
});

test('the sample answers the issue\'s entities: mixup (concept and method), data mixing; CutMix stays its own', async () => {
  const q = `query($name: String!) {
    concept(name: $name) { id name aliases kind paperCount broad }
    method(name: $name) { id name aliases paperCount }
  }`;
  const mixup = await data(q, { name: 'mixup' });
  expect(mixup.concept).toMatchObject({ id: 'mixup', kind: 'METHOD', broad: false });
  expect(mixup.concept.paperCount).toBeGreaterThanOrEqual(8);
  // "mixup method", "Mixup-based augmentation", "Mixup" and "mixup" are one entity.
  expect(mixup.concept.aliases).toEqual(expect.arrayContaining(['mixup method', 'Mixup-based augmentation', 'Mixup', 'mixup']));
  expect((await data(q, { name: 'Mixup-based augmentation' })).concept.id).toBe('mixup');
  expect(mixup.method).toMatchObject({ id: 'mixup' });
  expect(mixup.method.paperCount).toBeGreaterThanOrEqual(8);
  const cutmix = await data(q, { name: 'CutMix' });
  expect(cutmix.concept.id).toBe('cutmix');
  expect(cutmix.concept.aliases).not.toContain('mixup');
  expect((await data(q, { name: 'CIFAR-100' })).concept).toMatchObject({ id: 'cifar 100', kind: 'DATASET' });
  const mixing = await data(q, { name: 'data mixing' });
  expect(mixing.concept.paperCount).toBeGreaterThanOrEqual(9);
});

test('a name lookup that finds nothing says why in extensions.missingNames', async () => {
  const res = await served.api.gql(`{
    quantity: concept(name: "100B tokens") { id }
    rare: concept(name: "final answers") { id }
    never: concept(name: "thermal conductivity of copper") { id }
    notMethod: method(name: "CIFAR-100") { id }
    found: concept(name: "MoE") { id }
  }`);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data).toEqual({ quantity: null, rare: null, never: null, notMethod: null, found: { id: 'mixture of expert' } });
  const byName = new Map(res.body.extensions.missingNames.map((m: { name: string }) => [m.name, m]));
  expect(byName.get('100B tokens')).toMatchObject({ field: 'concept', status: 'FILTERED', key: '100b token', reason: 'QUANTITY', paperCount: 1 });
  expect(byName.get('final answers')).toMatchObject({ field: 'concept', status: 'FILTERED', reason: 'RARE' });
  expect(byName.get('thermal conductivity of copper')).toMatchObject({ field: 'concept', status: 'NEVER_SEEN' });
  expect(byName.get('CIFAR-100')).toMatchObject({ field: 'method', status: 'NOT_A_METHOD', reason: 'DATASET' });
  for (const m of byName.values()) expect((m as { message: string }).message).toMatch(/\S/);
  expect(res.body.extensions.missingNames).toHaveLength(4);
  const ok = await served.api.gql(`{ concept(name: "MoE") { id } }`);
  expect(ok.body.extensions?.missingNames).toBeUndefined();
});

test('methodLineage(name: "AutoMix") shows Adversarial AutoMixup as a descendant, with the sentence that says so', async () => {
  const { methodLineage } = await data(`{
    methodLineage(name: "AutoMix", direction: DESCENDANTS) {
      root { id name }
      nodes { id name }
      edges { child { id name aliases } parent { id } relation evidence confidence paper { title abstract } }
    }
  }`);
  expect(methodLineage.root).toEqual({ id: 'automix', name: 'AutoMix' });
  const edge = methodLineage.edges.find(
    (e: { paper: { title: string } }) => e.paper.title === 'Adversarial AutoMixup',
  );
  expect(edge).toBeDefined();
  expect(edge.parent.id).toBe('automix');
  for (const sentence of edge.evidence.split(' … ')) expect(edge.paper.abstract).toContain(sentence);
  expect(edge.evidence).toMatch(/AdAutomixup/);
  expect(edge.confidence).toBeGreaterThan(0);
  expect(methodLineage.nodes.map((n: { id: string }) => n.id)).toContain(edge.child.id);
});

test('conceptNeighbourhood(name: "data mixing") is a weighted neighbourhood with connecting papers', async () => {
  const { conceptNeighbourhood } = await data(`{
    conceptNeighbourhood(name: "data mixing", depth: 2, first: 10) {
      center { id name }
      nodes { id name paperCount }
      edges { source target weight cooccurrences papers(first: 2) { id title } }
    }
  }`);
  expect(conceptNeighbourhood.center.id).toBe('data mixing');
  expect(conceptNeighbourhood.nodes.length).toBeGreaterThan(0);
  expect(conceptNeighbourhood.nodes.length).toBeLessThanOrEqual(10);
  for (const e of conceptNeighbourhood.edges) {
    expect(e.weight).toBeGreaterThanOrEqual(-1);
    expect(e.weight).toBeLessThanOrEqual(1);
    expect(e.papers.length).toBeGreaterThan(0);
  }
});

test('a paper lists its concepts and methods with roles and evidence', async () => {
  const { papers } = await data(`{
    papers(first: 10, filter: { titleContains: "Adversarial AutoMixup" }) {
      edges { node { title abstract concepts(first: 5) { concept { id name } weight } methods { method { id name } role evidence } } }
    }
  }`);
  const paper = papers.edges[0].node;
  expect(paper.concepts.length).toBeGreaterThan(0);
  expect(paper.concepts.length).toBeLessThanOrEqual(5);
  expect(paper.concepts[0].weight).toBe(1);
  expect(paper.methods.some((m: { role: string }) => m.role === 'PROPOSES')).toBe(true);
  for (const m of paper.methods) expect(paper.abstract + paper.title).toContain(m.evidence.slice(0, 20));
});

test('concepts and methods page by cursor with no repeats; stats count them', async () => {
  const seen: string[] = [];
  let after: string | null = null;
  let total = 0;
  do {
    const page: any = (await data(
      `query($after: String) { concepts(first: 100, after: $after) { totalCount edges { cursor node { id paperCount } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    )).concepts;
    total = page.totalCount;
    seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toHaveLength(total);
  const { stats, methods } = await data(`{ stats { concepts methods lineageEdges } methods(first: 5) { totalCount edges { node { id paperCount proposedBy { id } usedBy { id } comparedBy { id } } } } }`);
  expect(stats.concepts).toBe(total);
  expect(methods.totalCount).toBe(stats.methods);
  expect(stats.lineageEdges).toBeGreaterThan(0);
  const filtered = await data(`{ concepts(first: 5, filter: { nameContains: "mixing", minPapers: 2 }) { edges { node { name aliases paperCount } } } }`);
  for (const { node } of filtered.concepts.edges) {
    expect(node.paperCount).toBeGreaterThanOrEqual(2);
    expect([node.name, ...node.aliases].join(' ').toLowerCase()).toContain('mixing');
  }
});

test('a concept has papers, neighbours and a hierarchy; a method has its papers and lineage', async () => {
  const { concept, method } = await data(`{
    concept(name: "data mixing") {
      papers(first: 2) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
      neighbours(first: 3) { concept { id } weight cooccurrences }
      narrower { id }
    }
    method(name: "AutoMix") { proposedBy { title } children { child { name } evidence } parents { parent { name } } }
  }`);
  expect(concept.papers.totalCount).toBeGreaterThan(2);
  expect(concept.neighbours.length).toBeGreaterThan(0);
  expect(method.proposedBy.map((p: { title: string }) => p.title)).toContain(
    'AutoMix: Unveiling the Power of Mixup for Stronger Classifiers',
  );
  expect(method.children.length).toBeGreaterThan(0);
});

test('depth limits reject with BAD_USER_INPUT', async () => {
  const res = await served.api.gql(`{ conceptNeighbourhood(name: "data mixing", depth: 4) { center { id } } }`);
  expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  const lineage = await served.api.gql(`{ methodLineage(name: "AutoMix", depth: 9) { root { id } } }`);
  expect(codes(lineage)).toEqual(['BAD_USER_INPUT']);
  expect(codes(await served.api.gql(`{ concepts(first: 5, after: "bm9wZQ==") { totalCount } }`))).toEqual(['BAD_USER_INPUT']);
});

test('methodLineage(name: "mixup", direction: DESCENDANTS) shows the mixup family, each edge with its evidence', async () => {
  const { methodLineage } = await data(`{
    methodLineage(name: "mixup", direction: DESCENDANTS) {
      root { id name }
      nodes { name }
      edges { child { name } parent { id } relation confidence evidence paper { title abstract } }
    }
  }`);
  expect(methodLineage.root.id).toBe('mixup');
  const names = methodLineage.nodes.map((n: { name: string }) => n.name);
  expect(names).toEqual(expect.arrayContaining(['AutoMix', 'AdAutomixup', 'Puzzle Mix', 'SnapMix', 'SUMix', 'TransMix', 'RankMixup']));
  const puzzle = methodLineage.edges.find((e: { child: { name: string } }) => e.child.name === 'Puzzle Mix');
  expect(puzzle).toMatchObject({ parent: { id: 'mixup' }, relation: 'FAMILY' });
  expect(puzzle.evidence).toMatch(/a mixup method/);
  for (const e of methodLineage.edges) {
    for (const sentence of e.evidence.split(' … ')) expect(`${e.paper.title} ${e.paper.abstract}`).toContain(sentence);
  }
});
