import type { GraphStore } from '../../graph/store';
import type { Paper } from '../../src/domain';
import { RELATED_WEIGHTS, RelatedInputError, RelatedService, SIGNALS, type RelatedPaper } from '../../src/services/related';
import { sampleStore } from '../api/support';
import { testEmbedder } from '../support/fixtures';

let store: GraphStore;
let cleanup: () => Promise<void>;
let service: RelatedService;
let papers: Paper[];
let model: string;

beforeAll(async () => {
  ({ store, cleanup } = await sampleStore());
  const embedder = await testEmbedder();
  model = embedder.modelId;
  service = new RelatedService(store, model, embedder);
  papers = (await store.listPapers({ first: 100 })).items;
});
afterAll(() => cleanup());

const OFF = Object.fromEntries(SIGNALS.map((s) => [s, 0]));
const signal = (r: RelatedPaper, name: string) => r.signals.find((s) => s.name === name)!;

test('every answer explains itself: contributions sum to the score, evidence and a reason', async () => {
  for (const paper of papers.slice(0, 10)) {
    const related = await service.related(paper, 10);
    expect(related).toHaveLength(10);
    expect(related.map((r) => r.id)).not.toContain(paper.id);
    for (const r of related) {
      expect(r.signals.map((s) => s.name)).toEqual([...SIGNALS]);
      expect(r.signals.reduce((s, x) => s + x.contribution, 0)).toBeCloseTo(r.score, 10);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.reason).not.toBe('');
      const concepts = signal(r, 'concepts');
      if (concepts.available && concepts.value > 0) {
        expect(r.sharedConcepts.length).toBeGreaterThan(0);
        expect(r.reason).toContain(r.sharedConcepts[0].name);
      }
    }
    for (let i = 1; i < related.length; i++) expect(related[i - 1].score).toBeGreaterThanOrEqual(related[i].score);
  }
  const withConcepts = (await service.related(papers[0], 10)).filter((r) => r.sharedConcepts.length > 0);
  expect(withConcepts.length).toBeGreaterThan(0);
  const mine = new Set((await store.paperConcepts([papers[0].id])).get(papers[0].id)!.map((c) => c.concept));
  for (const r of withConcepts) for (const c of r.sharedConcepts) expect(mine.has(c.key)).toBe(true);
});

test('weights steer the order: one signal alone ranks by that signal', async () => {
  const paper = papers[3];
  for (const name of ['embedding', 'lexical', 'concepts'] as const) {
    const related = await service.related(paper, 20, { weights: { ...OFF, [name]: 1 } });
    const values = related.map((r) => signal(r, name).value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    for (const r of related) expect(r.score).toBeCloseTo(signal(r, name).contribution, 10);
  }
  const byEmbedding = (await service.related(paper, 10, { weights: { ...OFF, embedding: 1 } })).map((r) => r.id);
  const byLexical = (await service.related(paper, 10, { weights: { ...OFF, lexical: 1 } })).map((r) => r.id);
  expect(byEmbedding).not.toEqual(byLexical);
});

test('a paper without a vector: embedding is unavailable and the other weights are rescaled', async () => {
  const { vectorModel: _model, ...paper } = papers[5];
  await store.writePapers([{ paper, vector: null }]);
  const related = await service.related(papers[5], 10, { weights: { ...OFF, embedding: 1, lexical: 1 } });
  expect(related.length).toBeGreaterThan(0);
  for (const r of related) {
    expect(signal(r, 'embedding')).toMatchObject({ available: false, contribution: 0 });
    expect(r.signals.reduce((s, x) => s + x.contribution, 0)).toBeCloseTo(r.score, 10);
  }
  // Lexical's weight was rescaled from 1/2 to 1: it is the whole score, below the paper's own BM25 (its ceiling).
  expect(signal(related[0], 'lexical').contribution).toBeCloseTo(related[0].score, 10);
  expect(related[0].score).toBeGreaterThan(0);
  expect(related[0].score).toBeLessThan(1);
  expect(related[0].reason).toMatch(/^lexical match/);
});

test('excluded ids never appear, nor the paper itself', async () => {
  const paper = papers[7];
  const before = (await service.related(paper, 20)).map((r) => r.id);
  const exclude = before.slice(0, 5);
  const after = (await service.related(paper, 20, { exclude })).map((r) => r.id);
  for (const id of [...exclude, paper.id]) expect(after).not.toContain(id);
  expect(after).toHaveLength(20);
});

test('mustShareConcept and the year range filter the candidates', async () => {
  const paper = papers[0];
  const [top] = await service.related(paper, 1);
  const concept = top.sharedConcepts[0];
  const related = await service.related(paper, 20, { mustShareConcept: concept.name.toUpperCase() });
  expect(related.length).toBeGreaterThan(0);
  const mentions = await store.paperConcepts(related.map((r) => r.id));
  for (const r of related) expect(mentions.get(r.id)!.map((c) => c.concept)).toContain(concept.key);
  await expect(service.related(paper, 10, { mustShareConcept: 'no such concept anywhere' })).rejects.toThrow(
    'mustShareConcept: no concept is named "no such concept anywhere"',
  );

  // The sample corpus has no years: give every paper one, 2020 to 2024 by position.
  await store.writePapers(papers.map(({ vectorModel: _m, ...p }, i) => ({ paper: { ...p, year: 2020 + (i % 5) } })));
  const years = new Map(papers.map((p, i) => [p.id, 2020 + (i % 5)]));
  const ranged = await service.related(paper, 30, { yearFrom: 2021, yearTo: 2022 });
  expect(ranged.length).toBeGreaterThan(0);
  for (const r of ranged) expect([2021, 2022]).toContain(years.get(r.id));
});

test("relatedToText: a paper's own abstract finds that paper first", async () => {
  const paper = papers[11];
  const related = await service.relatedToText(paper.abstract, 5);
  expect(related[0].id).toBe(paper.id);
  expect(related[0].sharedConcepts.length).toBeGreaterThan(0);
  expect(signal(related[0], 'embedding').value).toBeGreaterThan(0.9);
  expect((await service.relatedToText(paper.abstract, 5, { exclude: [paper.id] })).map((r) => r.id)).not.toContain(paper.id);
});

test('a near duplicate scores near 1: a paper\'s own abstract as text', async () => {
  const [top] = await service.relatedToText(papers[11].abstract, 1);
  expect(top.id).toBe(papers[11].id);
  expect(top.score).toBeGreaterThan(0.9);
  const [other] = await service.related(papers[11], 1);
  expect(other.score).toBeLessThan(top.score);
});

test('embedding alone is exact nearest-neighbour search over the whole store', async () => {
  const paper = papers[2];
  const [vector] = (await store.getVectors(model, [paper.id])).values();
  const nearest = await store.nearestByVector(model, vector, 15, [paper.id]);
  const related = await service.related(paper, 15, { weights: { ...OFF, embedding: 1 } });
  expect(related.map((r) => r.id)).toEqual(nearest.map((h) => h.id));
  for (const [i, r] of related.entries()) expect(signal(r, 'embedding').value).toBeCloseTo(nearest[i].score, 6);
});

test('no list is padded with score-0 papers, and a ranking is reproducible', async () => {
  for (const paper of papers.slice(0, 5)) {
    const related = await service.related(paper, 100, { weights: { ...OFF, concepts: 1 } });
    for (const r of related) expect(r.score).toBeGreaterThan(0);
    expect(related.length).toBeLessThan(papers.length - 1);
    expect(await service.related(paper, 100, { weights: { ...OFF, concepts: 1 } })).toEqual(related);
  }
});

test('all-zero weights and a text without words are input errors, said plainly', async () => {
  await expect(service.related(papers[0], 10, { weights: OFF })).rejects.toThrow(RelatedInputError);
  await expect(service.related(papers[0], 10, { weights: OFF })).rejects.toThrow('at least one signal needs a weight above 0');
  for (const text of ['', '   ', '—, ; !']) {
    await expect(service.relatedToText(text, 10)).rejects.toThrow('relatedToText needs a text with at least one topical word');
  }
});

test('the default weights of the text signals sum to 1; the citation signals add to them where citations exist', () => {
  const { coupling, cocitation, ...text } = RELATED_WEIGHTS;
  expect(Object.values(text).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
  expect(coupling + cocitation).toBeGreaterThan(0);
});

// Last: it writes to the shared store.
test('a query asked again answers as a fresh service does, under any weights, and sees a write at once', async () => {
  const withVectors = await store.getVectors(model, papers.map((p) => p.id));
  const paper = papers.filter((p) => withVectors.has(p.id))[5];
  const weightings = [{}, { weights: { lexical: 0.9, embedding: 0.05 } }, { weights: { ...OFF, concepts: 1 } }, { yearFrom: 2019 }];
  for (const options of weightings) {
    await service.related(paper, 10, options);
    const fresh = new RelatedService(store, model);
    expect(await service.related(paper, 10, options)).toEqual(await fresh.related(paper, 10, options));
  }
  const before = await service.related(paper, 10);
  expect(before.map((r) => r.id)).not.toContain('copy');
  await store.writePapers([{ paper: { ...paper, id: 'copy' }, vector: { model, values: withVectors.get(paper.id)! } }]);
  const after = await service.related(paper, 10);
  expect(after[0].id).toBe('copy');
  expect(after).toEqual(await new RelatedService(store, model).related(paper, 10));
});
