import { spawn } from 'node:child_process';
import { LIMITS, unboundedLists } from '../../src/graphql/limits';
import { buildSchema } from '../../src/graphql/schema';
import { MAX_TEXT_CHARS } from '../../src/services/related';
import { MAX_QUERY_CHARS } from '../../src/services/search';
import { withoutPaths } from '../../src/server/app';
import type { ModelStatus } from '../../src/services/model';
import { codes, loadedModel, serveSample, startApi, type Api, type GraphQLResponse } from './support';
import { within } from '../support/child';

// The reproductions of issue #9 on the API side, each against the real server on the sample corpus.
const served = serveSample();

/** Standard error written while `run` runs (the server logs there), and its result. */
async function capturingStderr<T>(run: () => Promise<T>): Promise<{ result: T; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { result: await run(), stderr };
  } finally {
    process.stderr.write = write;
  }
}

/**
 * Sends the bodies at once from another process, as separate clients would (a client in this process could not send
 * while the server here computes), and gives each answer's status, Retry-After and error codes. Bodies that differ
 * keep related work from answering one from the candidates it kept for another.
 */
async function burst(url: string, bodies: object[]): Promise<{ status: number; retryAfter: string | null; codes: string[] }[]> {
  const script = `
    const [url, bodies] = process.argv.slice(1);
    Promise.all(JSON.parse(bodies).map(async (body) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await res.json();
      return { status: res.status, retryAfter: res.headers.get('retry-after'), codes: (json.errors ?? []).map((e) => e.extensions.code) };
    })).then((r) => process.stdout.write(JSON.stringify(r)));`;
  const child = spawn(process.execPath, ['-e', script, url, JSON.stringify(bodies)]);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await within(60_000, `${bodies.length} requests to ${url}`, new Promise((resolve) => child.on('exit', resolve)), () => out);
  return JSON.parse(out);
}

/** `n` texts, each the draft with a sentence of its own. */
const drafts = (draft: string, n: number) => Array.from({ length: n }, (_, i) => `${draft} Request ${i + 1} of ${n}.`);

/**
 * The real model, whose query embedding yields to the event loop for 200 ms first, as an asynchronous backend
 * (a remote model, Neo4j) would: a ranking then holds its slot across turns of the event loop.
 */
async function slowModel(): Promise<ModelStatus> {
  const model = await loadedModel();
  if (!model.loaded) return model;
  const { embedder } = model;
  const slow = Object.create(embedder) as typeof embedder;
  slow.embed = async (texts) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return embedder.embed(texts);
  };
  return { ...model, embedder: slow };
}

function expectRejected(res: GraphQLResponse, status: number, code: string, message: RegExp): void {
  expect({ status: res.status, codes: codes(res), data: res.body.data }).toEqual({ status, codes: [code], data: undefined });
  expect(res.body.errors![0].message).toMatch(message);
}

describe('bounded by construction', () => {
  test('every list field of an object type takes `first` or has a bound the cost counts', () => {
    expect(unboundedLists(buildSchema())).toEqual([]);
  });

  test('nested hierarchy lists multiply in the cost: the issue\'s query is rejected before execution', async () => {
    const res = await served.api.gql(
      `{ concept(name:"prediction") { narrower { broader { narrower { broader { narrower { id } } } } } } }`,
    );
    // 20 by default at each of five levels.
    expectRejected(res, 400, 'BAD_USER_INPUT', /query cost \d+ exceeds the maximum of 5000/);
    const methods = await served.api.gql(
      `{ method(name: "AutoMix") { usedBy { methods { method { comparedBy { methods { method { id } } } } } } } }`,
    );
    expectRejected(methods, 400, 'BAD_USER_INPUT', /query cost \d+ exceeds/);
  });

  test('each list honours its `first`', async () => {
    const res = await served.api.gql(`{
      concept(name: "data mixing") { narrower(first: 1) { id } broader(first: 0) { id } }
      method(name: "AutoMix") { proposedBy(first: 1) { id } children(first: 1) { relation } parents(first: 0) { relation } }
      relatedPapers(paperId: "${(await served.sample.store.listPapers({ first: 1 })).items[0].id}", first: 3) {
        sharedConcepts(first: 1) { id } sharedMethods(first: 0) { id }
      }
    }`);
    expect(res.body.errors).toBeUndefined();
    const { concept, method, relatedPapers } = res.body.data;
    expect(concept.narrower.length).toBeLessThanOrEqual(1);
    expect(concept.broader).toEqual([]);
    expect(method.proposedBy).toHaveLength(1);
    expect(method.children).toHaveLength(1);
    expect(method.parents).toEqual([]);
    for (const r of relatedPapers) {
      expect(r.sharedConcepts.length).toBeLessThanOrEqual(1);
      expect(r.sharedMethods).toEqual([]);
    }
    expect(relatedPapers.some((r: { sharedConcepts: unknown[] }) => r.sharedConcepts.length === 1)).toBe(true);
  });

  test('454 aliased relatedPapers are rejected before execution; four ranking fields fit', async () => {
    const id = (await served.sample.store.listPapers({ first: 1 })).items[0].id;
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `r${i}: relatedPapers(paperId: "${id}", first: 1) { score }`).join(' ')} }`;
    const started = Date.now();
    expectRejected(await served.api.gql(aliases(454)), 400, 'BAD_USER_INPUT', /query cost 454454 exceeds the maximum/);
    expect(Date.now() - started).toBeLessThan(5000);
    expectRejected(await served.api.gql(aliases(5)), 400, 'BAD_USER_INPUT', /query cost 5005 exceeds/);
    const four = await served.api.gql(aliases(4));
    expect(four.body.errors).toBeUndefined();
    expect(Object.keys(four.body.data)).toHaveLength(4);
  });

  test(`documents of more than ${LIMITS.maxTokens} tokens are refused by the parser`, async () => {
    const res = await served.api.gql(`{ ${'stats { papers } '.repeat(LIMITS.maxTokens / 4)} }`);
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(res.body.errors![0].message).toMatch(/more that 20000 tokens/);
  });
});

describe('text caps', () => {
  test.each([
    ['search(query:)', `query ($t: String!) { search(query: $t) { score } }`, MAX_QUERY_CHARS, /"query" of Query\.search is 1001 characters long; at most 1000/],
    ['relatedToText(text:)', `query ($t: String!) { relatedToText(text: $t) { score } }`, MAX_TEXT_CHARS, /"text" of Query\.relatedToText is 20001 characters long; at most 20000/],
    ['concept(name:)', `query ($t: String!) { concept(name: $t) { id } }`, LIMITS.maxStringChars, /"name" of Query\.concept is 1001 characters/],
    ['papers(filter:)', `query ($t: String!) { papers(filter: { titleContains: $t }) { totalCount } }`, LIMITS.maxStringChars, /"filter" of Query\.papers\.titleContains is 1001/],
  ])('%s: one character over the cap is BAD_USER_INPUT before execution', async (_name, query, cap, message) => {
    expectRejected(await served.api.gql(query, { t: 'a '.repeat(cap).slice(0, cap) + 'b' }), 400, 'BAD_USER_INPUT', message);
    const atCap = await served.api.gql(query, { t: 'mixing '.repeat(cap).slice(0, cap) });
    expect(codes(atCap)).toEqual([]);
  });

  test('a 4.5 MB search query is rejected at once, and the server keeps answering', async () => {
    const started = Date.now();
    const res = await served.api.gql(`query ($t: String!) { search(query: $t) { score } }`, { t: 'x'.repeat(4_500_000) });
    expectRejected(res, 400, 'BAD_USER_INPUT', /4500000 characters long; at most 1000/);
    expect(Date.now() - started).toBeLessThan(5000);
    // The error does not echo the value.
    expect(JSON.stringify(res.body).length).toBeLessThan(1000);
    expect((await fetch(`${served.api.url}healthz`)).status).toBe(200);
  });

  test(`a list argument of more than ${LIMITS.maxListItems} items is rejected`, async () => {
    const exclude = Array.from({ length: LIMITS.maxListItems + 1 }, (_, i) => `p${i}`);
    const res = await served.api.gql(`query ($x: [ID!]) { relatedToText(text: "mixing", exclude: $x) { score } }`, { x: exclude });
    expectRejected(res, 400, 'BAD_USER_INPUT', /"exclude" of Query\.relatedToText has 501 items; at most 500/);
  });
});

describe('forged cursors', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const forged = ['', b64('concept:not json'), b64('concept:[1]'), b64('mention:{}'), b64('paper:'), 'not base64 at all!', b64('method:[null,"x"]')];

  test.each([
    ['papers', `query ($a: String) { papers(first: 2, after: $a) { totalCount } }`],
    ['concepts', `query ($a: String) { concepts(first: 2, after: $a) { totalCount } }`],
    ['methods', `query ($a: String) { methods(first: 2, after: $a) { totalCount } }`],
    ['Concept.papers', `query ($a: String) { concept(name: "data mixing") { papers(first: 2, after: $a) { totalCount } } }`],
  ])('%s: BAD_USER_INPUT, nothing logged', async (_name, query) => {
    const { result, stderr } = await capturingStderr(() => Promise.all(forged.map((a) => served.api.gql(query, { a }))));
    for (const res of result) {
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors![0].message).toMatch(/"after" is not a cursor this API gave out/);
    }
    expect(stderr).toBe('');
  });

  test('a cursor the API gave out still pages', async () => {
    const first = await served.api.gql(`{ concepts(first: 2) { pageInfo { endCursor } edges { node { id } } } }`);
    const after = first.body.data.concepts.pageInfo.endCursor;
    const next = await served.api.gql(`query ($a: String) { concepts(first: 2, after: $a) { edges { node { id } } } }`, { a: after });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.concepts.edges).toHaveLength(2);
  });
});

describe('run-time ceilings', () => {
  let api: Api | undefined;
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  test('a query past the execution-time ceiling ends with TIMEOUT (503), not a hung request', async () => {
    api = await startApi(served.sample.dir, served.sample.store, { limits: { maxExecutionMs: 1 } });
    const res = await api.gql(`{ search(query: "mixing training data", first: 10) { score paper { title } } }`);
    expectRejected(res, 503, 'TIMEOUT', /ran longer than 1 ms and was stopped/);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  test('an answer past the result-size ceilings is RESULT_TOO_LARGE', async () => {
    api = await startApi(served.sample.dir, served.sample.store, { limits: { maxResultBytes: 10_000 } });
    expectRejected(
      await api.gql(`{ papers(first: 50) { edges { node { abstract } } } }`),
      400,
      'RESULT_TOO_LARGE',
      /larger than 10000 bytes/,
    );
    expect(codes(await api.gql(`{ papers(first: 2) { edges { node { abstract } } } }`))).toEqual([]);
    await api.stop();
    api = await startApi(served.sample.dir, served.sample.store, { limits: { maxResultFields: 100 } });
    expectRejected(await api.gql(`{ papers(first: 50) { edges { node { id title } } } }`), 400, 'RESULT_TOO_LARGE', /more than 100 fields/);
  });

  test('requests beyond the in-flight cap get 503 + Retry-After before their body is read', async () => {
    api = await startApi(served.sample.dir, served.sample.store, { limits: { maxInFlight: 1 } });
    // A long draft: extracting and embedding it keeps the server busy while the other requests arrive.
    const draft = (await served.sample.store.listPapers({ first: 3 })).items.map((p) => p.abstract).join(' ');
    const query = `query ($t: String!) { relatedToText(text: $t, first: 10) { score } }`;
    const answers = await burst(`${api.url}graphql`, drafts(draft, 6).map((t) => ({ query, variables: { t } })));
    const shed = answers.filter((r) => r.status === 503);
    expect(answers.filter((r) => r.status === 200).length + shed.length).toBe(6);
    expect(shed.length).toBeGreaterThanOrEqual(1);
    for (const r of shed) expect(r).toEqual({ status: 503, retryAfter: '1', codes: ['OVERLOADED'] });
    // Once the burst is over, requests are served again.
    expect((await api.gql(query, { t: draft })).status).toBe(200);
  });

  test('ranking requests that waited past the wait limit since they arrived are shed, not answered late', async () => {
    api = await startApi(served.sample.dir, served.sample.store, { limits: { queueWaitMs: 300 } });
    const draft = (await served.sample.store.listPapers({ first: 3 })).items.map((p) => p.abstract).join(' ');
    const query = `query ($t: String!) { relatedToText(text: $t, first: 10) { score } }`;
    const answers = await burst(`${api.url}graphql`, drafts(draft, 6).map((t) => ({ query, variables: { t } })));
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    const shed = answers.filter((r) => r.status !== 200);
    expect(shed.length).toBeGreaterThanOrEqual(1);
    for (const r of shed) expect(r).toEqual({ status: 503, retryAfter: '1', codes: ['OVERLOADED'] });
  });

  test('ranking operations beyond the ranking slots and their queue get OVERLOADED before execution', async () => {
    api = await startApi(served.sample.dir, served.sample.store, {
      limits: { rankingConcurrency: 1, rankingQueue: 0 },
      model: await slowModel(),
    });
    const search = () => api!.gql(`{ search(query: "mixture of experts", first: 3) { score } }`);
    const [one, two] = await Promise.all([search(), search()]);
    expect([one.status, two.status].sort()).toEqual([200, 503]);
    expect(codes(one.status === 503 ? one : two)).toEqual(['OVERLOADED']);
    expect((await api.gql(`{ stats { papers } }`)).status).toBe(200);
  });
});

describe('failed API-key checks', () => {
  const KEY = 'hardening-key-0123456789';
  const INGEST = `mutation { ingestPapers(papers: [{ title: "T", abstract: "A." }]) { inserted } }`;

  test('are logged with the client address and time, never the key, and rate-limited per client (429)', async () => {
    const api = await startApi(served.sample.dir, served.sample.store, {
      env: { LITGRAPH_API_KEY: KEY },
      limits: { authFailures: 3, authWindowMs: 60_000 },
    });
    try {
      const wrong = 'wrong-key-that-must-not-be-logged';
      const { result, stderr } = await capturingStderr(async () => {
        const out: GraphQLResponse[] = [];
        for (let i = 0; i < 4; i++) out.push(await api.gql(INGEST, {}, { authorization: `Bearer ${wrong}` }));
        out.push(await api.gql(INGEST, {}, { authorization: `Bearer ${KEY}` }));
        return out;
      });
      expect(result.slice(0, 3).map((r) => r.status)).toEqual([401, 401, 401]);
      for (const r of result.slice(3)) {
        expectRejected(r, 429, 'RATE_LIMITED', /too many failed API-key checks from this client: retry in \d+ s/);
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(50);
      }
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(3);
      for (const line of lines) {
        expect(line).toMatch(/^litgraph: failed API-key check \(invalid key\) from \S*127\.0\.0\.1 at \d{4}-\d\d-\d\dT[\d:.]+Z$/);
      }
      expect(stderr).not.toContain(wrong);
      expect((await served.sample.store.stats()).papers).toBe(80);
    } finally {
      await api.stop();
    }
  });
});

test('messages shown to clients lose absolute paths, keep URLs and relative names', () => {
  expect(withoutPaths('no model at /srv/litgraph/models/use-lite (x); C:\\data\\store.db, a/b, http://example.org/a/b')).toBe(
    'no model at .../use-lite (x); .../store.db, a/b, http://example.org/a/b',
  );
});
