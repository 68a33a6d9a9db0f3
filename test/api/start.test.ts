import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BUNDLED_MODEL_DIR } from '../../ingest/embed';
import { SAMPLE_CORPUS } from '../../src/paths';
import { CHILD_TIMEOUT_MS, spawnSyncWithin, within } from '../support/child';
import { tempDir } from '../support/fixtures';
import { BIN, killServers, serving, type Serving } from '../support/serving';

// `litgraph start` and `litgraph serve` as users run them: the built bin (`npm test` builds it first).
const tmp = tempDir();
afterAll(() => {
  killServers();
  tmp.cleanup();
});

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does)`);
});

function env(db: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, LITGRAPH_DB: db, LITGRAPH_HOST: '127.0.0.1', LITGRAPH_PORT: '0', ...extra };
}

function litgraphSync(args: string[], db: string, extra: NodeJS.ProcessEnv = {}) {
  return spawnSyncWithin(process.execPath, [BIN, ...args], { cwd: tmp.dir, env: env(db, extra), encoding: 'utf8' });
}

function serve(args: string[], db: string, extra: NodeJS.ProcessEnv = {}): Promise<Serving> {
  return serving(args, { cwd: tmp.dir, env: env(db, extra) });
}

interface Health {
  status: string;
  store: { papers: number; embeddedPapers: number; withoutVector: number };
  model: { status: string; id: string; configured?: string };
}

const health = async (url: string) => (await (await fetch(`${url}healthz`)).json()) as Health;

/** Polls GET /healthz until it says "ok" (or gives up after CHILD_TIMEOUT_MS); returns every answer it got. */
async function healthUntilOk(url: string): Promise<Health[]> {
  const seen: Health[] = [];
  const poll = async () => {
    for (;;) {
      seen.push(await health(url));
      if (seen[seen.length - 1].status === 'ok') return seen;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return within(CHILD_TIMEOUT_MS, `GET ${url}healthz to say "ok"`, poll(), () => `last: ${JSON.stringify(seen.at(-1))}`);
}

async function gql(url: string, query: string): Promise<any> {
  const res = await fetch(`${url}graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

test('start ingests the sample into an empty store, serves it, and stops cleanly on SIGTERM and SIGINT', async () => {
  const db = path.join(tmp.dir, 'start.db');
  const first = await serve(['start'], db);
  expect(first.output()).toMatch(/The store is empty: ingesting the bundled sample corpus/);
  expect(first.output()).toMatch(/accepted {2}80 \(new 80/);
  expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  expect(await health(first.url)).toMatchObject({ status: 'ok', store: { papers: 80, embeddedPapers: 80, withoutVector: 0 } });
  const ide = await fetch(first.url, { headers: { accept: 'text/html' } });
  expect(await ide.text()).toContain('<title>litgraph GraphiQL</title>');
  expect(await first.stop('SIGTERM')).toBe(0);
  expect(first.output()).toMatch(/SIGTERM: stopping/);

  const second = await serve(['start'], db);
  expect(second.output()).toMatch(/already holds 80 papers: nothing to ingest/);
  expect(await gql(second.url, '{ stats { papers embeddedPapers } }')).toEqual({
    data: { stats: { papers: 80, embeddedPapers: 80 } },
  });
  expect(await second.stop('SIGINT')).toBe(0);

  // The store was closed cleanly: another process reads it.
  const stats = litgraphSync(['stats'], db);
  expect(stats.status).toBe(0);
  expect(stats.stdout).toMatch(/papers {10}80\n/);
  expect(stats.stdout).toMatch(/with vector {5}80 \(model use-lite\)/);
  expect(stats.stdout).not.toMatch(/missing vectors/);
}, 4 * CHILD_TIMEOUT_MS);

test('serve fills in the vectors of papers ingested with no model, while serving; /healthz counts them down', async () => {
  const db = path.join(tmp.dir, 'fill.db');
  const ingest = litgraphSync(['ingest', SAMPLE_CORPUS], db, { LITGRAPH_EMBEDDING_MODEL: 'none' });
  expect(ingest.status).toBe(0);
  expect(ingest.stderr).toMatch(/^LITGRAPH_EMBEDDING_MODEL=none: embedding is off: papers are stored without vectors$/m);
  expect(ingest.stderr).not.toMatch(/WARNING/);
  expect(ingest.stdout).toMatch(/without vector {2}80/);

  const server = await serve(['serve'], db);
  const answers = await healthUntilOk(server.url);
  expect(answers[0]).toMatchObject({ status: 'degraded', store: { papers: 80 }, model: { status: 'loaded', id: 'use-lite' } });
  expect(answers[0].store.withoutVector).toBeGreaterThan(0);
  expect(answers.at(-1)!.store).toEqual({ status: 'ok', papers: 80, embeddedPapers: 80, withoutVector: 0 });
  expect(server.output()).toMatch(/80 of 80 papers have no use-lite vector: embedding them while serving/);
  expect(server.output()).toMatch(/embedded 80 papers with use-lite: every paper has its vector/);
  const related = await gql(
    server.url,
    '{ papers(first: 1) { edges { node { related(first: 3) { signals { name available } } } } } }',
  );
  const signals = related.data.papers.edges[0].node.related[0].signals as { name: string; available: boolean }[];
  expect(signals.find((s) => s.name === 'embedding')).toEqual({ name: 'embedding', available: true });
  expect(await server.stop('SIGTERM')).toBe(0);
}, 4 * CHILD_TIMEOUT_MS);

test('an unloadable model falls back to the bundled one, loudly; when it loads later, every paper is re-embedded', async () => {
  const db = path.join(tmp.dir, 'fallback.db');
  const models = path.join(tmp.dir, 'models');
  fs.mkdirSync(models);
  const stronger = { LITGRAPH_MODEL_DIR: models, LITGRAPH_EMBEDDING_MODEL: 'stronger-model' };

  const offline = await serve(['start'], db, stronger);
  const warnings = offline.output().split('\n').filter((l) => l.includes('WARNING'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(
    /^\*\*\* WARNING: embedding model stronger-model could not be loaded \(no transformers\.js model at .*stronger-model \(config\.json is missing\)\); using the bundled use-lite instead: .*weaker on scientific text/,
  );
  expect(await health(offline.url)).toMatchObject({
    status: 'degraded',
    store: { papers: 80, embeddedPapers: 80, withoutVector: 0 },
    model: { status: 'fallback', id: 'use-lite', configured: 'stronger-model' },
  });
  expect(await offline.stop('SIGTERM')).toBe(0);

  // The stronger model arrives (here: the same weights under another id, so its vectors are told apart).
  fs.symlinkSync(path.join(BUNDLED_MODEL_DIR, 'use-lite'), path.join(models, 'stronger-model'));
  const online = await serve(['serve'], db, stronger);
  expect(online.output()).not.toMatch(/WARNING/);
  const answers = await healthUntilOk(online.url);
  expect(answers.at(-1)).toMatchObject({
    store: { papers: 80, embeddedPapers: 80, withoutVector: 0 },
    model: { status: 'loaded', id: 'stronger-model' },
  });
  expect(await online.stop('SIGTERM')).toBe(0);
  const stats = litgraphSync(['stats'], db, stronger);
  expect(stats.stdout).toMatch(/with vector {5}80 \(model stronger-model\)/);
  expect(stats.stdout).not.toMatch(/other vectors/);
}, 6 * CHILD_TIMEOUT_MS);

test('serve on a port in use fails with one clear message and exit code 1', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    const run = litgraphSync(['serve'], path.join(tmp.dir, 'busy.db'), { LITGRAPH_PORT: String(port) });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`litgraph: cannot listen on 127.0.0.1:${port} (EADDRINUSE): use --host/--port or LITGRAPH_HOST/LITGRAPH_PORT\n`);
  } finally {
    blocker.close();
  }
}, 2 * CHILD_TIMEOUT_MS);
