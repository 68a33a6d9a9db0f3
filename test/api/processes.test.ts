import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { PROJECT_ROOT } from '../../src/paths';
import { spawnSyncWithin, within } from '../support/child';
import { ML_PAPERS_SLICE } from '../support/fixtures';
import { codes, sampleStore, startApi } from './support';

// The server among other processes and threads: the ingest worker, a second process writing the same store, SIGTERM.
const BIN = path.join(PROJECT_ROOT, 'dist/src/cli.js');
const KEY = 'processes-key-0123456789';
const INGEST = `mutation ($papers: [PaperInput!]!) { ingestPapers(papers: $papers) { inserted withoutVector } }`;

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does)`);
});

/** `n` papers of the ml-papers slice (none of them is in the sample), as PaperInput objects. */
function mlPapers(n: number, skip = 0): { id: string; title: string; abstract: string }[] {
  return fs
    .readFileSync(ML_PAPERS_SLICE, 'utf8')
    .split('\n')
    .slice(skip, skip + n)
    .map((line) => {
      const { id, title, abstract } = JSON.parse(line) as { id: string; title: string; abstract: string };
      return { id, title, abstract };
    });
}

// One sample store for the tests that add papers to it (the SIGTERM test has its own).
let sample: Awaited<ReturnType<typeof sampleStore>>;
beforeAll(async () => {
  sample = await sampleStore();
});
afterAll(() => sample?.cleanup());

const post = (url: string, query: string, variables: object = {}, headers: Record<string, string> = {}) =>
  fetch(`${url}graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });

test('ingestPapers runs in the worker thread: /healthz and queries keep answering meanwhile', async () => {
  const api = await startApi(sample.dir, sample.store, { env: { LITGRAPH_API_KEY: KEY } });
  try {
    const papers = mlPapers(64);
    let done = false;
    const mutation = api.gql(INGEST, { papers }, { authorization: `Bearer ${KEY}` }).finally(() => (done = true));
    const answered: number[] = [];
    while (!done) {
      const health = await fetch(`${api.url}healthz`);
      const paper = await api.gql(`{ papers(first: 1) { totalCount } }`);
      expect(health.status).toBe(200);
      expect(paper.body.errors).toBeUndefined();
      answered.push(paper.body.data.papers.totalCount);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await mutation).body).toEqual({ data: { ingestPapers: { inserted: 64, withoutVector: 0 } } });
    // Many answers while the worker embedded, extracted and rebuilt the corpus graph; the batches it committed
    // were seen as they came (32 papers a batch).
    expect(answered.length).toBeGreaterThan(5);
    expect(answered[0]).toBe(80);
    // The server's connection sees the worker's vectors: each new paper has its embedding signal.
    const related = await api.gql(`{ relatedPapers(paperId: "${papers[0].id}", first: 3) { signals { name available } } }`);
    expect(related.body.data.relatedPapers[0].signals[0]).toEqual({ name: 'embedding', available: true });
    expect(await (await fetch(`${api.url}healthz`)).json()).toMatchObject({ store: { papers: 144, embeddedPapers: 144 } });
  } finally {
    await api.stop();
  }
}, 180_000);

test('a running server serves what another process ingests into its store, vectors included, without a restart', async () => {
  const api = await startApi(sample.dir, sample.store);
  try {
    const [paper] = mlPapers(1, 70);
    const search = `query ($q: String!) { search(query: $q, first: 5) { paper { id } signals { name available } } }`;
    // Searching first reads every vector into the server's memory.
    const before = await api.gql(search, { q: paper.title });
    expect(before.body.data.search.map((h: { paper: { id: string } }) => h.paper.id)).not.toContain(paper.id);

    const file = path.join(sample.dir, 'one.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(paper)}\n`);
    const run = spawnSyncWithin(process.execPath, [BIN, 'ingest', file], {
      env: { ...process.env, LITGRAPH_DB: api.config.dbPath },
      encoding: 'utf8',
    });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(/new 1,/) });

    const after = await api.gql(search, { q: paper.title });
    expect(after.body.data.search[0]).toEqual({
      paper: { id: paper.id },
      signals: [
        { name: 'embedding', available: true },
        { name: 'lexical', available: true },
      ],
    });
    expect(await (await fetch(`${api.url}healthz`)).json()).toMatchObject({ store: { papers: 145, embeddedPapers: 145 } });
    const related = await api.gql(`{ relatedPapers(paperId: "${paper.id}", first: 1) { signals { name available } } }`);
    expect(related.body.data.relatedPapers[0].signals[0]).toEqual({ name: 'embedding', available: true });
  } finally {
    await api.stop();
  }
}, 180_000);

test('SIGTERM: the server stops accepting, answers the request in flight, then closes the store', async () => {
  const own = await sampleStore();
  const db = path.join(own.dir, 'litgraph.db');
  await own.store.close();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, LITGRAPH_DB: db, LITGRAPH_HOST: '127.0.0.1', LITGRAPH_PORT: '0', LITGRAPH_API_KEY: KEY },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const url = await within(
      120_000,
      'litgraph serve to print its URL',
      new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const m = /serving at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        void exit.then((code) => reject(new Error(`litgraph serve exited (${code}):\n${out}`)));
      }),
      () => out,
    );
    const papers = mlPapers(32, 100);
    const inFlight = post(url, INGEST, { papers }, { authorization: `Bearer ${KEY}` });
    // The mutation has reached the worker once the worker's model is loading or embedding: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(fetch(`${url}healthz`)).rejects.toThrow();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { ingestPapers: { inserted: 32, withoutVector: 0 } } });
    expect(await within(120_000, 'litgraph serve to exit after SIGTERM', exit, () => out)).toBe(0);
    expect(out).toMatch(/SIGTERM: stopping \(finishing requests in flight, then closing the store\)/);
  } finally {
    child.kill('SIGKILL');
  }
  // Closed cleanly: the store holds every paper with its vector and opens again.
  const store = new SqliteGraphStore(db);
  try {
    expect((await store.stats()).papers).toBe(112);
    expect(Object.values((await store.stats()).vectorsByModel)).toEqual([112]);
  } finally {
    await store.close();
    fs.rmSync(own.dir, { recursive: true, force: true });
  }
}, 180_000);

test('a mutation while another runs gets OVERLOADED with Retry-After', async () => {
  const api = await startApi(sample.dir, sample.store, { env: { LITGRAPH_API_KEY: KEY } });
  try {
    const auth = { authorization: `Bearer ${KEY}` };
    const first = api.gql(INGEST, { papers: mlPapers(8, 140) }, auth);
    const second = await api.gql(INGEST, { papers: mlPapers(1, 150) }, auth);
    expect(second.status).toBe(503);
    expect(codes(second)).toEqual(['OVERLOADED']);
    expect(second.headers.get('retry-after')).toBe('10');
    expect((await first).body.data.ingestPapers.inserted).toBe(8);
  } finally {
    await api.stop();
  }
}, 180_000);
