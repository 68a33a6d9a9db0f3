import { MAX_INGEST_PAPERS } from '../../src/services/ingest';
import { codes, loadedModel, serveSampleKeyed, startApi, unavailableModel, type Api } from './support';

const KEY = 'test-key-0123456789abcdef';
const INGEST = `mutation ($papers: [PaperInput!]!) {
  ingestPapers(papers: $papers) {
    read accepted inserted updated unchanged refreshed withoutVector
    rejected { index field reason }
    warnings { index field reason }
  }
}`;

const NEW_PAPERS = [
  {
    id: 'api:moe-routing',
    title: 'Expert Routing for Sparse Mixture-of-Experts Language Models',
    abstract: 'We study how tokens are routed to experts in sparse mixture-of-experts transformers and propose a balanced router.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    year: 2024,
    venue: 'ICLR',
    keywords: ['mixture of experts', 'routing'],
  },
  { title: 'A paper with a bad year', abstract: 'Its year cannot be right.', year: 99 },
  {
    doi: '10.1234/Example.5',
    title: 'Curriculum Data Mixing for Pretraining',
    abstract: 'We schedule the mixture of pretraining data domains over training and measure downstream accuracy.',
    year: 2023,
    venue: 'NeurIPS',
  },
  { title: '   ', abstract: 'A title of blanks only.' },
];

const served = serveSampleKeyed(KEY);

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('ingestPapers', () => {
  test('is disabled (FORBIDDEN) when the server has no API key, whatever the request sends', async () => {
    for (const headers of [{}, bearer(KEY)]) {
      const res = await served.keyless.gql(INGEST, { papers: NEW_PAPERS }, headers);
      expect(res.status).toBe(403);
      expect(res.body.data).toBeUndefined();
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.body.errors![0].message).toMatch(/disabled: the server has no LITGRAPH_API_KEY/);
    }
    expect((await served.sample.store.stats()).papers).toBe(80);
  });

  test.each([
    ['no Authorization header', {}, /needs the header "Authorization: Bearer <API key>"/],
    ['a wrong key', bearer('wrong-key-0123456789abcdef'), /not valid/],
    ['the key with a different case', bearer(KEY.toUpperCase()), /not valid/],
    ['a Basic authorization', { authorization: `Basic ${KEY}` }, /needs the header/],
  ])('with %s is UNAUTHENTICATED before execution and writes nothing', async (_name, headers, message) => {
    const res = await served.keyed.gql(INGEST, { papers: NEW_PAPERS }, headers);
    expect(res.status).toBe(401);
    expect(res.body.data).toBeUndefined();
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.errors![0].message).toMatch(message);
    expect((await served.sample.store.stats()).papers).toBe(80);
  });

  test('with the key runs the ingest pipeline and reports rejected records and bad optional fields by index and field', async () => {
    const res = await served.keyed.gql(INGEST, { papers: NEW_PAPERS }, bearer(KEY));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.ingestPapers).toEqual({
      read: 4,
      accepted: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      refreshed: 0,
      withoutVector: 0,
      rejected: [{ index: 3, field: 'title', reason: 'field "title" is empty' }],
      // A bad year is left out; the paper is kept.
      warnings: [
        { index: 1, field: 'year', reason: 'field "year" must be a four-digit year, got 99: the field is left out' },
      ],
    });
    const stats = await served.keyed.gql(`{ stats { papers embeddedPapers } }`);
    expect(stats.body.data.stats).toEqual({ papers: 83, embeddedPapers: 83 });
  });

  test('a title over the cap is rejected by index with its field; nothing of it is stored', async () => {
    const papers = [{ id: 'api:long-title', title: 'x'.repeat(1001), abstract: 'A fine abstract.' }];
    const res = await served.keyed.gql(INGEST, { papers }, bearer(KEY));
    expect(res.body.data.ingestPapers).toMatchObject({
      accepted: 0,
      rejected: [{ index: 0, field: 'title', reason: 'title longer than 1000 characters' }],
    });
    expect((await served.keyed.gql(`{ paper(id: "api:long-title") { id } }`)).body.data.paper).toBeNull();
  });

  test('the ingested papers answer queries: by id, by filters, in search and related work', async () => {
    const paper = await served.keyed.gql(`{ paper(id: "api:moe-routing") { title authors year venue keywords } }`);
    expect(paper.body.data.paper).toEqual({
      title: NEW_PAPERS[0].title,
      authors: ['Ada Lovelace', 'Alan Turing'],
      year: 2024,
      venue: 'ICLR',
      keywords: ['mixture of experts', 'routing'],
    });
    const ids = async (filter: string) =>
      (await served.keyed.gql(`{ papers(filter: ${filter}) { totalCount edges { node { id } } } }`)).body.data.papers;
    expect(await ids('{ yearFrom: 2024 }')).toEqual({ totalCount: 1, edges: [{ node: { id: 'api:moe-routing' } }] });
    expect(await ids('{ yearFrom: 2020, yearTo: 2023 }')).toEqual({
      totalCount: 1,
      edges: [{ node: { id: 'doi:10.1234/example.5' } }],
    });
    expect((await ids('{ venue: "neurips" }')).edges).toEqual([{ node: { id: 'doi:10.1234/example.5' } }]);
    expect((await ids('{ venue: "iclr", titleContains: "routing" }')).totalCount).toBe(1);
    expect((await ids('{ venue: "iclr", titleContains: "curriculum" }')).totalCount).toBe(0);

    const search = await served.keyed.gql(`{ search(query: "token routing to experts", first: 3) { paper { id } } }`);
    expect(search.body.data.search[0].paper.id).toBe('api:moe-routing');
    const related = await served.keyed.gql(`{ relatedPapers(paperId: "api:moe-routing", first: 80) { paper { id } } }`);
    expect(related.body.data.relatedPapers.map((r: { paper: { id: string } }) => r.paper.id)).toContain(
      'doi:10.1234/example.5',
    );
  });

  test('is idempotent: the same papers again change nothing', async () => {
    const res = await served.keyed.gql(INGEST, { papers: NEW_PAPERS }, bearer(KEY));
    expect(res.body.data.ingestPapers).toMatchObject({ read: 4, accepted: 3, inserted: 0, unchanged: 3 });
    expect((await served.sample.store.stats()).papers).toBe(83);
  });

  test(`takes at most ${MAX_INGEST_PAPERS} papers per call`, async () => {
    const papers = Array.from({ length: MAX_INGEST_PAPERS + 1 }, (_, i) => ({ title: `T${i}`, abstract: 'A.' }));
    const res = await served.keyed.gql(INGEST, { papers }, bearer(KEY));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors![0].message).toBe(`at most ${MAX_INGEST_PAPERS} papers per call, got ${MAX_INGEST_PAPERS + 1}`);
    expect((await served.sample.store.stats()).papers).toBe(83);
  });
});

describe('CORS', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(served.sample.dir, served.sample.store, {
      env: { LITGRAPH_CORS_ORIGINS: 'https://app.example.org, http://localhost:3000' },
    });
  });
  afterAll(() => api.stop());

  async function preflight(server: Api, origin: string): Promise<Response> {
    return fetch(`${server.url}graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
  }

  test('a configured origin may call the API from a browser, with the Authorization header', async () => {
    const res = await preflight(api, 'https://app.example.org');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const post = await api.gql(`{ stats { papers } }`, undefined, { origin: 'http://localhost:3000' });
    expect(post.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  test('another origin gets no CORS headers; with none configured, no origin does', async () => {
    expect((await preflight(api, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(served.keyless, 'https://app.example.org')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('without the embedding model', () => {
  // Configured with a model that cannot be loaded, as a server would be with a wrong LITGRAPH_EMBEDDING_MODEL.
  const withoutModel = async () => ({
    model: await unavailableModel(served.sample.dir),
    env: { LITGRAPH_EMBEDDING_MODEL: 'no-such-model' },
  });
  let api: Api;
  beforeAll(async () => {
    api = await startApi(served.sample.dir, served.sample.store, await withoutModel());
  });
  afterAll(() => api.stop());

  test('the server still serves; search is lexical only and says so; /healthz says why', async () => {
    const res = await api.gql(
      `{ search(query: "mixture of experts", first: 5) { score signals { name value contribution available } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const hits = res.body.data.search as { score: number; signals: { name: string; contribution: number; available: boolean; value: number }[] }[];
    expect(hits).toHaveLength(5);
    expect(hits[0].score).toBeCloseTo(1, 10);
    for (const h of hits) {
      expect(h.signals[0]).toEqual({ name: 'embedding', value: 0, contribution: 0, available: false });
      expect(h.signals[1]).toMatchObject({ name: 'lexical', available: true });
      expect(h.score).toBeCloseTo(h.signals[1].contribution, 10);
    }
    const stats = await api.gql(`{ stats { embeddingModel embeddingModelLoaded } }`);
    expect(stats.body.data.stats).toEqual({ embeddingModel: 'no-such-model', embeddingModelLoaded: false });
    const health = await (await fetch(`${api.url}healthz`)).json();
    expect(health).toMatchObject({
      status: 'degraded',
      store: { status: 'ok', papers: 83, embeddedPapers: 0 },
      model: { status: 'unavailable', id: 'no-such-model', reason: expect.stringMatching(/no transformers\.js model/) },
    });
  });

  test('related work lacks the embedding signal: the store holds no vector of the configured model', async () => {
    const res = await api.gql(
      `{ relatedPapers(paperId: "api:moe-routing", first: 3) { score signals { name available contribution } } }`,
    );
    for (const r of res.body.data.relatedPapers) {
      expect(r.signals[0]).toEqual({ name: 'embedding', available: false, contribution: 0 });
      expect(r.score).toBeCloseTo(
        r.signals.reduce((sum: number, s: { contribution: number }) => sum + s.contribution, 0),
        10,
      );
      expect(r.score).toBeGreaterThan(0);
    }
  });

  test('ingestPapers stores papers without vectors and says so', async () => {
    const { model, env } = await withoutModel();
    const server = await startApi(served.sample.dir, served.sample.store, { model, env: { ...env, LITGRAPH_API_KEY: KEY } });
    try {
      const res = await server.gql(INGEST, { papers: [{ id: 'api:no-vector', title: 'T', abstract: 'A.' }] }, bearer(KEY));
      expect(res.body.data.ingestPapers).toMatchObject({ inserted: 1, withoutVector: 1 });
      // The model is back: the paper has no vector, so its related work stands on the lexical signal alone.
      const withModel = await startApi(served.sample.dir, served.sample.store, { model: await loadedModel() });
      try {
        const related = await withModel.gql(`{ relatedPapers(paperId: "api:no-vector", first: 2) { signals { name available } } }`);
        expect(related.body.data.relatedPapers.length).toBeLessThanOrEqual(2);
        for (const r of related.body.data.relatedPapers) expect(r.signals[0]).toEqual({ name: 'embedding', available: false });
      } finally {
        await withModel.stop();
      }
    } finally {
      await server.stop();
    }
  });
});
