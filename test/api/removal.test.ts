import fs from 'node:fs';
import { LIMITS } from '../../src/graphql/limits';
import { ML_PAPERS_SLICE } from '../support/fixtures';
import { codes, serveSampleKeyed } from './support';

// removePapers over real HTTP, on the real sample store, run by the server's ingest worker (the corpus graph by its
// corpus-graph worker: test/api/freshness.test.ts).
const KEY = 'removal-key-0123456789abcdef';
const bearer = { authorization: `Bearer ${KEY}` };
const INGEST = `mutation ($papers: [PaperInput!]!, $wait: Boolean) {
  ingestPapers(papers: $papers, waitForGraph: $wait) { inserted rejected { reason } }
}`;
const REMOVE = `mutation ($ids: [ID!]!, $wait: Boolean) {
  removePapers(ids: $ids, waitForGraph: $wait) { removed aliases { alias paperId } unknown corpusSeconds }
}`;
const STATS = `{ stats { papers embeddedPapers concepts methods lineageEdges } }`;

/** A new paper with a DOI (its id), and one citing it by that DOI. */
const CITED = {
  doi: '10.5555/removal.1',
  arxivId: '2401.99999',
  title: 'Sparse Expert Pruning for Mixture-of-Experts Transformers',
  abstract: 'We propose ExpertPrune, which prunes redundant experts of sparse mixture-of-experts transformers after training.',
  year: 2024,
};
const CITING = {
  id: 'api:citing',
  title: 'Routing Analysis of Pruned Experts',
  abstract: 'We analyse how ExpertPrune changes token routing in sparse mixture-of-experts language models.',
  year: 2025,
  references: ['10.5555/removal.1'],
};

const served = serveSampleKeyed(KEY);

test('needs the API key: FORBIDDEN without one configured, UNAUTHENTICATED without the right one; nothing removed', async () => {
  const id = (await served.sample.store.listPapers({ first: 1 })).items[0].id;
  const forbidden = await served.keyless.gql(REMOVE, { ids: [id] }, bearer);
  expect(forbidden.status).toBe(403);
  expect(codes(forbidden)).toEqual(['FORBIDDEN']);
  expect(forbidden.body.errors![0].message).toBe('removePapers is disabled: the server has no LITGRAPH_API_KEY configured');
  for (const headers of [{}, { authorization: 'Bearer wrong-key-0123456789abcdef' }] as Record<string, string>[]) {
    const res = await served.keyed.gql(REMOVE, { ids: [id] }, headers);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  }
  expect((await served.sample.store.getPapers([id])).has(id)).toBe(true);
});

test('an empty list is BAD_USER_INPUT; more ids than the list limit too, before execution', async () => {
  const empty = await served.keyed.gql(REMOVE, { ids: [] }, bearer);
  expect(codes(empty)).toEqual(['BAD_USER_INPUT']);
  expect(empty.body.errors![0].message).toBe('removePapers needs at least one id');
  const ids = Array.from({ length: LIMITS.maxListItems + 1 }, (_, i) => `x${i}`);
  const many = await served.keyed.gql(REMOVE, { ids }, bearer);
  expect(many.status).toBe(400);
  expect(codes(many)).toEqual(['BAD_USER_INPUT']);
  expect(many.body.errors![0].message).toMatch(`has ${LIMITS.maxListItems + 1} items; at most ${LIMITS.maxListItems} are accepted`);
  expect((await served.sample.store.stats()).papers).toBe(80);
});

test('removes papers by id or alias with what they contributed; with waitForGraph the corpus graph is up to date when it answers', async () => {
  const before = (await served.keyed.gql(STATS)).body.data.stats;
  const ingested = await served.keyed.gql(INGEST, { papers: [CITED, CITING], wait: true }, bearer);
  expect(ingested.body.data.ingestPapers).toEqual({ inserted: 2, rejected: [] });
  const cited = 'doi:10.5555/removal.1';
  const citing = `{ paper(id: "api:citing") { references { edges { node { id } } } unresolvedReferences } }`;
  expect((await served.keyed.gql(citing)).body.data.paper).toEqual({ references: { edges: [{ node: { id: cited } }] }, unresolvedReferences: 0 });
  expect((await served.keyed.gql(`{ method(name: "ExpertPrune") { id paperCount } }`)).body.data.method).not.toBeNull();

  // The cited paper by its arXiv alias, the citing one by id, and an id the store does not know.
  const res = await served.keyed.gql(REMOVE, { ids: ['arxiv:2401.99999', 'api:citing', 'api:never-ingested'], wait: true }, bearer);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.removePapers).toEqual({
    removed: [cited, 'api:citing'],
    aliases: [{ alias: 'arxiv:2401.99999', paperId: cited }],
    unknown: ['api:never-ingested'],
    corpusSeconds: expect.any(Number),
  });
  expect(res.body.data.removePapers.corpusSeconds).toBeGreaterThan(0);
  const state = await served.sample.store.corpusState();
  expect(state.corpusGeneration).toBe(state.papersGeneration);
  // Everything the two papers contributed is gone: the counts are those of the sample again, their method too.
  expect((await served.keyed.gql(STATS)).body.data.stats).toEqual(before);
  expect((await served.keyed.gql(`{ paper(id: "${cited}") { id } }`)).body.data.paper).toBeNull();
  expect((await served.keyed.gql(`{ method(name: "ExpertPrune") { id paperCount } }`)).body.data.method).toBeNull();
  const search = await served.keyed.gql(`{ search(query: "ExpertPrune pruned experts", first: 5) { paper { id } } }`);
  expect(search.body.data.search.map((h: { paper: { id: string } }) => h.paper.id)).not.toContain(cited);

  // Removing again: both unknown, nothing changes.
  const again = await served.keyed.gql(REMOVE, { ids: [cited, 'api:citing'], wait: true }, bearer);
  expect(again.body.data.removePapers).toMatchObject({ removed: [], unknown: [cited, 'api:citing'], corpusSeconds: 0 });
});

test('a citing paper keeps its reference to a removed paper, unresolved', async () => {
  await served.keyed.gql(INGEST, { papers: [CITED, CITING] }, bearer);
  const res = await served.keyed.gql(REMOVE, { ids: ['doi:10.5555/removal.1'] }, bearer);
  expect(res.body.data.removePapers.removed).toEqual(['doi:10.5555/removal.1']);
  const citing = await served.keyed.gql(`{ paper(id: "api:citing") { references { totalCount } unresolvedReferences } }`);
  expect(citing.body.data.paper).toEqual({ references: { totalCount: 0 }, unresolvedReferences: 1 });
  // Ingested again, the reference resolves again.
  await served.keyed.gql(INGEST, { papers: [CITED] }, bearer);
  const back = await served.keyed.gql(`{ paper(id: "api:citing") { references { totalCount } unresolvedReferences } }`);
  expect(back.body.data.paper).toEqual({ references: { totalCount: 1 }, unresolvedReferences: 0 });
});

test('shares the one mutation slot of the ingest worker: a removal while an ingest runs is OVERLOADED', async () => {
  const papers = fs
    .readFileSync(ML_PAPERS_SLICE, 'utf8')
    .split('\n')
    .slice(0, 64)
    .map((line) => {
      const { id, title, abstract } = JSON.parse(line) as { id: string; title: string; abstract: string };
      return { id, title, abstract };
    });
  const ingest = served.keyed.gql(INGEST, { papers }, bearer);
  // Once the ingest holds the slot (it embeds 64 papers for seconds).
  await new Promise((resolve) => setTimeout(resolve, 500));
  const res = await served.keyed.gql(REMOVE, { ids: ['api:citing'] }, bearer);
  expect(res.status).toBe(503);
  expect(codes(res)).toEqual(['OVERLOADED']);
  expect(res.body.errors![0].message).toBe('another mutation (ingestPapers or removePapers) is running: retry removePapers in 10 s');
  expect((await ingest).body.data.ingestPapers.inserted).toBe(64);
  expect((await served.sample.store.getPapers(['api:citing'])).has('api:citing')).toBe(true);
}, 180_000);
