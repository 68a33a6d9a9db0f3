import { SqliteGraphStore } from '../../graph/sqlite/store';
import { LIMITS } from '../../src/graphql/limits';
import { testConfig } from '../support/fixtures';
import { codes, serveSample, startApi, type Api, type GraphQLResponse } from './support';

// Limits are checked before execution: a rejected operation has no `data` at all and HTTP status 400.
const served = serveSample();

function expectRejected(res: GraphQLResponse, message: RegExp): void {
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  expect(res.body.errors![0].message).toMatch(message);
}

/** `paper { related { paper { related … } } }` nested `levels` times: depth 1 + 2 × levels. */
function nestedRelated(levels: number): string {
  let inner = 'title';
  for (let i = 0; i < levels; i++) inner = `related(first: 1) { paper { ${inner} } }`;
  return `{ paper(id: "x") { ${inner} } }`;
}

describe('depth', () => {
  test(`a query deeper than ${LIMITS.maxDepth} levels is rejected before execution`, async () => {
    expectRejected(await served.api.gql(nestedRelated(4)), /query depth 9 exceeds the maximum of 8/);
  });

  test('fragments count towards depth', async () => {
    const res = await served.api.gql(
      `query Deep { paper(id: "x") { ...R } }
       fragment R on Paper { related(first: 1) { paper { related(first: 1) { paper { ...S } } } } }
       fragment S on Paper { related(first: 1) { paper { related(first: 1) { paper { title } } } } }`,
    );
    expectRejected(res, /query depth 9 exceeds/);
  });

  test(`a query of depth ${LIMITS.maxDepth} runs`, async () => {
    const res = await served.api.gql(nestedRelated(3).replace('"x"', `"${(await served.sample.store.listPapers({ first: 1 })).items[0].id}"`));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.paper.related[0].paper.related[0].paper.related[0].paper.title).toEqual(expect.any(String));
  });
});

describe('first', () => {
  test.each([
    ['papers', `{ papers(first: 101) { totalCount } }`, /"first" of Query\.papers must be a whole number from 0 to 100, got 101/],
    ['search', `{ search(query: "x", first: 1000) { score } }`, /Query\.search .* got 1000/],
    ['relatedPapers', `{ relatedPapers(paperId: "x", first: -1) { score } }`, /Query\.relatedPapers .* got -1/],
    ['Paper.related', `{ paper(id: "x") { related(first: 500) { score } } }`, /Paper\.related .* got 500/],
    ['null', `{ papers(first: null) { totalCount } }`, /Query\.papers .* got null/],
  ])('%s: out of range is rejected before execution', async (_name, query, message) => {
    expectRejected(await served.api.gql(query), message);
  });

  test('a variable over the maximum is rejected too', async () => {
    const res = await served.api.gql(`query ($n: Int) { papers(first: $n) { totalCount } }`, { n: LIMITS.maxFirst + 1 });
    expectRejected(res, /got 101/);
  });

  test(`first: ${LIMITS.maxFirst} runs`, async () => {
    const res = await served.api.gql(`{ papers(first: ${LIMITS.maxFirst}) { edges { node { id } } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.papers.edges).toHaveLength(80);
  });
});

describe('cost', () => {
  test('a query within depth and first but too costly overall is rejected before execution', async () => {
    // Within every per-field limit: papers 1 + 100 × (edges 1 + node 1 + concepts (1 + 100 × (weight 1 + concept 3))).
    const res = await served.api.gql(
      `{ papers(first: 100) { edges { node { concepts(first: 100) { weight concept { name paperCount } } } } } }`,
    );
    expectRejected(res, /query cost 40301 exceeds the maximum of 5000/);
  });

  test('ranking fields cost more than plain ones', async () => {
    const plain = await served.api.gql(`{ papers(first: 100) { edges { node { id title abstract authors year venue } } } }`);
    expect(plain.body.errors).toBeUndefined();
    // papers 1 + 5 × (edges 1 + node 1 + related (1000 + 10 × score 1)) = 5061: five rankings do not fit, four do.
    const ranked = await served.api.gql(`{ papers(first: 5) { edges { node { related(first: 10) { score } } } } }`);
    expectRejected(ranked, /query cost 5061 exceeds/);
    const four = await served.api.gql(`{ papers(first: 4) { edges { node { related(first: 10) { score } } } } }`);
    expect(four.body.errors).toBeUndefined();
  });

  test('variables of the wrong type are BAD_USER_INPUT', async () => {
    const res = await served.api.gql(`query ($n: Int) { papers(first: $n) { totalCount } }`, { n: 'many' });
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('errors in production', () => {
  // A second server, NODE_ENV=production, on its own connection to the same file: closing that connection makes
  // every store read fail, which is an internal error.
  async function brokenServer(env: NodeJS.ProcessEnv): Promise<Api> {
    const store = new SqliteGraphStore(testConfig(served.sample.dir).dbPath);
    const server = await startApi(served.sample.dir, store, { env });
    await store.close();
    return server;
  }

  test('an internal error reaches the client as "Internal server error", with no stack trace, in every mode', async () => {
    const prod = await brokenServer({ NODE_ENV: 'production' });
    const dev = await brokenServer({ NODE_ENV: 'development' });
    try {
      const query = `{ stats { papers } }`;
      for (const server of [dev, prod]) {
        const res = await server.gql(query);
        expect(res.body.errors).toEqual([
          { message: 'Internal server error', locations: [{ line: 1, column: 3 }], path: ['stats'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ]);
        expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|\.ts:|\.js:|database|\/tmp|\/work/);

        const health = await fetch(`${server.url}healthz`);
        expect(health.status).toBe(503);
        const body = await health.json();
        expect(body).toMatchObject({ status: 'unavailable', store: { reason: 'the store does not answer' } });
        expect(JSON.stringify(body)).not.toMatch(/\/tmp|\/work/);
      }
    } finally {
      await prod.stop();
      await dev.stop();
    }
  });

  test('client errors keep their message and code but lose the stack trace', async () => {
    const prod = await startApi(served.sample.dir, served.sample.store, { env: { NODE_ENV: 'production' } });
    try {
      const notFound = await prod.gql(`{ relatedPapers(paperId: "nope") { score } }`);
      expect(notFound.body.errors).toEqual([
        expect.objectContaining({ message: 'no paper has the id "nope"', extensions: { code: 'NOT_FOUND' } }),
      ]);
      const tooBig = await prod.gql(`{ papers(first: 1000) { totalCount } }`);
      expect(tooBig.body.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
      const syntax = await prod.gql(`{ papers( }`);
      expect(syntax.body.errors![0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    } finally {
      await prod.stop();
    }
  });
});
