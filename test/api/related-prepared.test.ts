import type { GraphStore } from '../../graph/store';
import { RelatedService } from '../../src/services/related';
import { sampleStore, startApi, type Api } from './support';

const KEY = 'test-key-0123456789abcdef';
let sample: Awaited<ReturnType<typeof sampleStore>>;
let api: Api;
beforeAll(async () => {
  sample = await sampleStore();
  api = await startApi(sample.dir, sample.store, { env: { LITGRAPH_API_KEY: KEY } });
}, 60_000);
afterAll(async () => {
  await api?.stop();
  await sample?.cleanup();
});

/** Resolves once every paper has an entry for the store's current content (polled; 60 s at most). */
async function allPrepared(service: RelatedService): Promise<number> {
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    const stamp = (await service.preparedStamp())!;
    const { prepared, missing } = await sample.store.relatedPreparedState(stamp.stamp, 1);
    if (!missing.length) return prepared;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('related work was not prepared within 60 s');
}

/** The store with no prepared entry: what the live path answers. */
function unprepared(store: GraphStore): GraphStore {
  return new Proxy(store, {
    get: (target, name, receiver) =>
      name === 'relatedPrepared' ? async () => new Map() : (Reflect.get(target, name, receiver) as unknown),
  });
}

const RELATED = `query ($id: ID!, $weights: SignalWeights) {
  relatedPapers(paperId: $id, first: 10, weights: $weights) {
    paper { id } score reason signals { name value contribution available } sharedConcepts { name } sharedMethods { name }
  }
}`;

test('the server prepares every paper in the background, answers as live, and prepares again after a write', async () => {
  const model = api.config.embedding.model;
  const service = new RelatedService(sample.store, model);
  expect(await allPrepared(service)).toBe(80);

  const live = new RelatedService(unprepared(sample.store), model);
  const papers = (await sample.store.listPapers({ first: 80 })).items.filter((_, i) => i % 20 === 3);
  for (const paper of papers) {
    for (const weights of [undefined, { embedding: 1, lexical: 0.1, concepts: 0.5, methods: 0.2, community: 0.1, coupling: 0.1, cocitation: 0.1 }]) {
      const res = await api.gql(RELATED, { id: paper.id, weights });
      expect(res.body.errors).toBeUndefined();
      const expected = (await live.related(paper, 10, { weights })).map((r) => ({
        paper: { id: r.id },
        score: r.score,
        reason: r.reason,
        signals: r.signals,
        sharedConcepts: r.sharedConcepts.slice(0, 10).map((c) => ({ name: c.name })),
        sharedMethods: r.sharedMethods.slice(0, 10).map((m) => ({ name: m.name })),
      }));
      expect(res.body.data.relatedPapers).toEqual(expected);
    }
  }

  const before = (await service.preparedStamp())!.stamp;
  const res = await api.gql(
    `mutation ($p: [PaperInput!]!) { ingestPapers(papers: $p, waitForGraph: true) { inserted } }`,
    { p: [{ id: 'api:new', title: 'Mixing pretraining data domains', abstract: 'We reweight pretraining data domains by a small proxy model.' }] },
    { authorization: `Bearer ${KEY}` },
  );
  expect(res.body.data.ingestPapers.inserted).toBe(1);
  expect((await service.preparedStamp())!.stamp).not.toBe(before);
  expect(await allPrepared(service)).toBe(81);
}, 120_000);

test('a store of more papers than LITGRAPH_PREPARE_RELATED_MAX_PAPERS is not prepared; 0 prepares none', async () => {
  for (const max of ['79', '0']) {
    const other = await sampleStore();
    const server = await startApi(other.dir, other.store, { env: { LITGRAPH_PREPARE_RELATED_MAX_PAPERS: max } });
    try {
      const service = new RelatedService(other.store, server.config.embedding.model);
      // Ten of the worker's polls: the 80-paper store, with a fresh graph, would have had entries by then.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const { prepared } = await other.store.relatedPreparedState((await service.preparedStamp())!.stamp, 1);
      expect(prepared).toBe(0);
    } finally {
      await server.stop();
      await other.cleanup();
    }
  }
}, 120_000);
