import type { GraphStore } from '../../graph/store';
import { EXAMPLE_QUERIES } from '../../src/server/ide';
import { codes, sampleStore, startApi, type Api } from './support';

// Every query of the contract over real HTTP, against the sample corpus in a real SQLite file, with the real model.
let api: Api;
let sample: Awaited<ReturnType<typeof sampleStore>>;
let getPapersCalls = 0;

beforeAll(async () => {
  sample = await sampleStore();
  // The real store, with its reads by id counted: to see the per-request loader batch them.
  const counted: GraphStore = Object.create(sample.store, {
    getPapers: {
      value: (ids: string[]) => {
        getPapersCalls++;
        return sample.store.getPapers(ids);
      },
    },
  });
  api = await startApi(sample.dir, counted);
});
afterAll(async () => {
  await api?.stop();
  await sample?.cleanup();
});

const PAPER_FIELDS = 'id title abstract year authors venue url keywords';
const SIGNALS = 'signals { name value contribution available }';

interface Signal {
  name: string;
  value: number;
  contribution: number;
  available: boolean;
}
interface Ranked {
  score: number;
  paper: { id: string; title: string };
  signals: Signal[];
}

async function firstPaperIds(n: number): Promise<string[]> {
  const res = await api.gql(`{ papers(first: ${n}) { edges { node { id } } } }`);
  return res.body.data.papers.edges.map((e: { node: { id: string } }) => e.node.id);
}

/** A ranked list is sorted, and each score is the sum of its signals' contributions. */
function expectWellFormedRanking(list: Ranked[], signalNames: string[]): void {
  const scores = list.map((r) => r.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  for (const r of list) {
    expect(r.signals.map((s) => s.name)).toEqual(signalNames);
    expect(r.score).toBeCloseTo(
      r.signals.reduce((sum, s) => sum + s.contribution, 0),
      10,
    );
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
  }
  expect(new Set(list.map((r) => r.paper.id)).size).toBe(list.length);
}

describe('paper', () => {
  test('returns a paper by id with its fields', async () => {
    const [id] = await firstPaperIds(1);
    const res = await api.gql(`query ($id: ID!) { paper(id: $id) { ${PAPER_FIELDS} } }`, { id });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const paper = res.body.data.paper;
    const stored = (await sample.store.getPapers([id])).get(id)!;
    expect(paper).toEqual({
      id,
      title: stored.title,
      abstract: stored.abstract,
      year: null,
      authors: [],
      venue: null,
      url: null,
      keywords: [],
    });
    expect(paper.title.length).toBeGreaterThan(10);
  });

  test('an unknown id gives null, not an error', async () => {
    const res = await api.gql(`{ paper(id: "no-such-paper") { id } }`);
    expect(res.body).toEqual({ data: { paper: null } });
  });
});

describe('papers', () => {
  test('pagination walks all 80 papers in id order with no repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await api.gql(
        `query ($after: String) {
           papers(first: 7, after: $after) {
             totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
           }
         }`,
        { after },
      );
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data.papers;
      pages++;
      expect(page.totalCount).toBe(80);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(80 / 7));
    expect(seen).toHaveLength(80);
    expect(new Set(seen).size).toBe(80);
    expect(seen).toEqual([...seen].sort());
  });

  test('cursors are opaque base64, and one this API did not give out is BAD_USER_INPUT', async () => {
    const res = await api.gql(`{ papers(first: 1) { edges { cursor node { id } } } }`);
    const { cursor, node } = res.body.data.papers.edges[0];
    expect(cursor).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(cursor).not.toContain(node.id);
    const bad = await api.gql(`{ papers(after: "not-a-cursor") { totalCount } }`);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors![0].message).toMatch(/not a cursor/);
  });

  test('filters by title; totalCount counts the matches over all pages', async () => {
    const res = await api.gql(
      `{ papers(first: 2, filter: { titleContains: "MIX" }) { totalCount edges { node { title } } } }`,
    );
    const { totalCount, edges } = res.body.data.papers;
    const all = await sample.store.listPapers({ first: 100 });
    const expected = all.items.filter((p) => p.title.toLowerCase().includes('mix')).length;
    expect(expected).toBeGreaterThan(2);
    expect(totalCount).toBe(expected);
    expect(edges).toHaveLength(2);
    for (const e of edges) expect(e.node.title.toLowerCase()).toContain('mix');
  });

  test('first: 0 gives an empty page that still counts', async () => {
    const res = await api.gql(`{ papers(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`);
    expect(res.body.data.papers).toEqual({ totalCount: 80, edges: [], pageInfo: { hasNextPage: true } });
  });
});

describe('search', () => {
  test('finds a paper by its own title first, with embedding and lexical signals', async () => {
    const [id] = await firstPaperIds(1);
    const title = (await sample.store.getPapers([id])).get(id)!.title;
    const res = await api.gql(
      `query ($q: String!) { search(query: $q, first: 5) { score paper { id title } ${SIGNALS} } }`,
      { q: title },
    );
    expect(res.body.errors).toBeUndefined();
    const hits: Ranked[] = res.body.data.search;
    expect(hits).toHaveLength(5);
    expect(hits[0].paper.id).toBe(id);
    expectWellFormedRanking(hits, ['embedding', 'lexical']);
    expect(hits[0].signals.every((s) => s.available)).toBe(true);
    // The best lexical match carries the full lexical weight, 0.4.
    expect(Math.max(...hits.map((h) => h.signals[1].contribution))).toBeCloseTo(0.4, 10);
  });

  test('a blank query is BAD_USER_INPUT', async () => {
    const res = await api.gql(`{ search(query: "  ") { score } }`);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors![0].message).toBe('search needs a query with at least one word');
  });

  test('defaults to 10 hits; a query with only stopwords still ranks by embedding', async () => {
    const res = await api.gql(`{ search(query: "data mixtures for pretraining") { paper { id } score } }`);
    expect(res.body.data.search).toHaveLength(10);
    const none = await api.gql(`{ search(query: "the of and", first: 3) { score ${SIGNALS} } }`);
    const hits = none.body.data.search as Ranked[];
    expect(hits).toHaveLength(3);
    for (const h of hits) {
      expect(h.signals[0]).toMatchObject({ name: 'embedding', available: true });
      expect(h.signals[1]).toEqual({ name: 'lexical', value: 0, contribution: 0, available: false });
    }
  });
});

describe('related papers', () => {
  test('relatedPapers ranks other papers by the related-work signals, never the paper itself', async () => {
    const ids = await firstPaperIds(5);
    for (const id of ids) {
      const res = await api.gql(
        `query ($id: ID!) { relatedPapers(paperId: $id, first: 8) { score paper { id title } ${SIGNALS} } }`,
        { id },
      );
      expect(res.body.errors).toBeUndefined();
      const list: Ranked[] = res.body.data.relatedPapers;
      expect(list).toHaveLength(8);
      expect(list.map((r) => r.paper.id)).not.toContain(id);
      expectWellFormedRanking(list, ['embedding', 'lexical', 'concepts', 'methods', 'community', 'coupling', 'cocitation']);
      for (const r of list) {
        expect(r.signals[0].available).toBe(true);
        expect(r.signals[0].value).toBeGreaterThan(-1);
        expect(r.signals[0].value).toBeLessThanOrEqual(1);
      }
    }
  });

  test('relatedPapers of an unknown paper is NOT_FOUND', async () => {
    const res = await api.gql(`{ relatedPapers(paperId: "no-such-paper") { score } }`);
    expect(res.body.data).toBeNull();
    expect(codes(res)).toEqual(['NOT_FOUND']);
    expect(res.body.errors![0].message).toMatch(/no paper has the id "no-such-paper"/);
  });

  test('Paper.related is relatedPapers of that paper (default 10)', async () => {
    const [id] = await firstPaperIds(1);
    const nested = await api.gql(`query ($id: ID!) { paper(id: $id) { related { score paper { id } } } }`, { id });
    const top = await api.gql(`query ($id: ID!) { relatedPapers(paperId: $id) { score paper { id } } }`, { id });
    expect(nested.body.data.paper.related).toHaveLength(10);
    expect(nested.body.data.paper.related).toEqual(top.body.data.relatedPapers);
  });
});

test('stats: papers, embedded papers and the model', async () => {
  const res = await api.gql(`{ stats { papers embeddedPapers embeddingModel embeddingModelLoaded } }`);
  expect(res.body).toEqual({
    data: { stats: { papers: 80, embeddedPapers: 80, embeddingModel: 'use-lite', embeddingModelLoaded: true } },
  });
});

test('nested papers are read in one batch per request (DataLoader)', async () => {
  getPapersCalls = 0;
  const search = await api.gql(`{ search(query: "mixture of experts", first: 20) { paper { title } } }`);
  expect(search.body.data.search).toHaveLength(20);
  expect(getPapersCalls).toBe(1);
  getPapersCalls = 0;
  // Three rankings (1000 each of the cost limit of 5000) with 10 papers each.
  const nested = await api.gql(`{ papers(first: 3) { edges { node { related(first: 10) { paper { title } } } } } }`);
  expect(nested.body.errors).toBeUndefined();
  expect(nested.body.data.papers.edges.flatMap((e: any) => e.node.related)).toHaveLength(30);
  // One read for the 30 related papers.
  expect(getPapersCalls).toBe(1);
});

test('POST / is the GraphQL endpoint too', async () => {
  const res = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ stats { papers } }' }),
  });
  expect(await res.json()).toEqual({ data: { stats: { papers: 80 } } });
});

test('a body that is not JSON, or too large, gets a JSON error with code BAD_REQUEST', async () => {
  const post = (body: string) =>
    fetch(`${api.url}graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const malformed = await post('{"query": ');
  expect(malformed.status).toBe(400);
  expect(await malformed.json()).toEqual({
    errors: [{ message: expect.stringMatching(/JSON/), extensions: { code: 'BAD_REQUEST' } }],
  });
  const huge = await post(JSON.stringify({ query: `{ stats { papers } }${' '.repeat(6 * 1024 * 1024)}` }));
  expect(huge.status).toBe(413);
  expect(await huge.json()).toEqual({
    errors: [{ message: 'request entity too large', extensions: { code: 'BAD_REQUEST' } }],
  });
});

test('GET /healthz reports the store and the model', async () => {
  const res = await fetch(`${api.url}healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    status: 'ok',
    store: { status: 'ok', papers: 80, embeddedPapers: 80, withoutVector: 0 },
    model: { status: 'loaded', id: 'use-lite' },
  });
});

describe('the IDE', () => {
  let html: string;
  beforeAll(async () => {
    const res = await fetch(api.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    html = await res.text();
  });

  test('is GraphiQL, opened on the example queries, posting to /graphql', () => {
    expect(html).toContain('<title>litgraph GraphiQL</title>');
    expect(html).toContain('renderYogaGraphiQL');
    const options = JSON.parse(/renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*\}),\s*\);/s.exec(html)![1]);
    expect(options.endpoint).toBe('/graphql');
    expect(options.defaultTabs.map((t: { query: string }) => t.query)).toEqual(EXAMPLE_QUERIES.map((q) => q.query));
  });

  test('references no resource outside this server', () => {
    // Resource references: src/href attributes, CSS url(...) and @import. The inlined bundle holds many URLs in
    // comments and strings that are never fetched; those are not references.
    const refs = [
      ...html.matchAll(/\s(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi),
      ...html.matchAll(/url\(\s*["']?([^"')\s]+)/gi),
      ...html.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/gi),
    ].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    const external = refs.filter((r) => /^(https?:)?\/\//i.test(r) && !/^(https?:)?\/\/(localhost|127\.0\.0\.1)[:/]/i.test(r));
    expect(external).toEqual([]);
    expect(html).toContain('href="data:image/x-icon;base64,');
  });

  test('every example query runs without errors', async () => {
    for (const { name, query } of EXAMPLE_QUERIES) {
      const res = await api.gql(query);
      expect({ name, errors: res.body.errors }).toEqual({ name, errors: undefined });
      expect(Object.values(res.body.data).length).toBeGreaterThan(0);
    }
  });
});
