import { codes, serveSample } from './support';

// Related work over real HTTP: the explanation fields and the steering arguments.
const served = serveSample();
let ids: string[];

beforeAll(async () => {
  ids = (await served.sample.store.listPapers({ first: 10 })).items.map((p) => p.id);
});

const RELATED = `score reason sharedConcepts { id name paperCount } sharedMethods { id name }
  paper { id } signals { name value contribution available }`;

interface Related {
  score: number;
  reason: string;
  sharedConcepts: { id: string; name: string; paperCount: number }[];
  sharedMethods: { id: string; name: string }[];
  paper: { id: string };
  signals: { name: string; value: number; contribution: number; available: boolean }[];
}

test('every related paper says why: shared concepts, shared methods, a reason', async () => {
  const res = await served.api.gql(`query ($id: ID!) { relatedPapers(paperId: $id, first: 10) { ${RELATED} } }`, { id: ids[0] });
  expect(res.body.errors).toBeUndefined();
  const list: Related[] = res.body.data.relatedPapers;
  expect(list).toHaveLength(10);
  expect(list.some((r) => r.sharedConcepts.length > 0)).toBe(true);
  for (const r of list) {
    expect(r.paper.id).not.toBe(ids[0]);
    expect(r.reason.length).toBeGreaterThan(0);
    expect(r.signals.reduce((s, x) => s + x.contribution, 0)).toBeCloseTo(r.score, 10);
    const rarity = r.sharedConcepts.map((c) => c.paperCount);
    expect(rarity).toEqual([...rarity].sort((a, b) => a - b));
  }
});

test('weights, exclude and mustShareConcept steer relatedPapers and Paper.related alike', async () => {
  const lexicalOnly = { embedding: 0, lexical: 1, concepts: 0, methods: 0, community: 0, coupling: 0, cocitation: 0 };
  const top = await served.api.gql(
    `query ($id: ID!, $w: SignalWeights) { relatedPapers(paperId: $id, first: 5, weights: $w) { ${RELATED} } }`,
    { id: ids[1], w: lexicalOnly },
  );
  const list: Related[] = top.body.data.relatedPapers;
  for (const r of list) expect(r.score).toBeCloseTo(r.signals.find((s) => s.name === 'lexical')!.contribution, 10);
  const exclude = list.slice(0, 2).map((r) => r.paper.id);
  const concept = list.find((r) => r.sharedConcepts.length > 0)!.sharedConcepts[0];
  // A paper keeps its 25 strongest concepts: concepts(first: 25) is all of them.
  const nested = await served.api.gql(
    `query ($id: ID!, $x: [ID!], $c: String) { paper(id: $id) { related(first: 20, exclude: $x, mustShareConcept: $c) {
      paper { id concepts(first: 25) { concept { id } } } } } }`,
    { id: ids[1], x: exclude, c: concept.name },
  );
  expect(nested.body.errors).toBeUndefined();
  const related: { paper: { id: string; concepts: { concept: { id: string } }[] } }[] = nested.body.data.paper.related;
  expect(related.length).toBeGreaterThan(0);
  for (const r of related) {
    expect(exclude).not.toContain(r.paper.id);
    expect(r.paper.concepts.map((c) => c.concept.id)).toContain(concept.id);
  }
});

test('relatedToText answers for a draft abstract', async () => {
  const [paper] = (await served.sample.store.getPapers([ids[2]])).values();
  const res = await served.api.gql(`query ($t: String!) { relatedToText(text: $t, first: 3) { ${RELATED} } }`, { t: paper.abstract });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.relatedToText[0].paper.id).toBe(paper.id);
  expect(res.body.data.relatedToText[0].reason).toMatch(/embedding similarity/);
});

test('negative weights and an empty year range are BAD_USER_INPUT', async () => {
  const negative = await served.api.gql(`{ relatedPapers(paperId: "${ids[0]}", weights: { lexical: -1 }) { score } }`);
  expect(codes(negative)).toEqual(['BAD_USER_INPUT']);
  const years = await served.api.gql(`{ relatedToText(text: "mixture of experts", yearFrom: 2025, yearTo: 2020) { score } }`);
  expect(codes(years)).toEqual(['BAD_USER_INPUT']);
});

test('requests related work cannot answer are BAD_USER_INPUT with a message saying why', async () => {
  const zero = await served.api.gql(
    `{ relatedPapers(paperId: "${ids[0]}", weights: { embedding: 0, lexical: 0, concepts: 0, methods: 0, community: 0, coupling: 0, cocitation: 0 }) { score } }`,
  );
  expect(codes(zero)).toEqual(['BAD_USER_INPUT']);
  expect(zero.body.errors![0].message).toContain('at least one signal needs a weight above 0');
  for (const text of ['', '  ', '?!']) {
    const empty = await served.api.gql(`query ($t: String!) { relatedToText(text: $t) { score } }`, { t: text });
    expect(codes(empty)).toEqual(['BAD_USER_INPUT']);
    expect(empty.body.errors![0].message).toContain('at least one topical word');
  }
  const unknown = await served.api.gql(`{ paper(id: "${ids[0]}") { related(mustShareConcept: "no such concept anywhere") { score } } }`);
  expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
  expect(unknown.body.errors![0].message).toContain('mustShareConcept: no concept is named "no such concept anywhere"');
});

test('a list is never padded with score-0 papers: one signal alone returns only papers it found', async () => {
  const res = await served.api.gql(
    `query ($id: ID!) { relatedPapers(paperId: $id, first: 100, weights: { embedding: 0, lexical: 0, concepts: 1 }) { score } }`,
    { id: ids[3] },
  );
  expect(res.body.errors).toBeUndefined();
  const list: { score: number }[] = res.body.data.relatedPapers;
  expect(list.length).toBeGreaterThan(0);
  expect(list.length).toBeLessThan(79);
  for (const r of list) expect(r.score).toBeGreaterThan(0);
});
