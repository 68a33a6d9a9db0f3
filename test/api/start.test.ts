import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { tempDir } from '../support/fixtures';

// `litgraph start` and `litgraph serve` as users run them: the built bin (`npm test` builds it first).
const BIN = path.join(PROJECT_ROOT, 'dist/src/cli.js');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does)`);
});

function env(db: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, LITGRAPH_DB: db, LITGRAPH_HOST: '127.0.0.1', LITGRAPH_PORT: '0', ...extra };
}

interface Serving {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** Runs the bin until it prints the URL it serves at. */
async function serving(args: string[], db: string): Promise<Serving> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp.dir, env: env(db) });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', check);
    void exit.then((code) => reject(new Error(`litgraph exited (${code}) before serving:\n${out}`)));
  });
  return { child, url, output: () => out, exit };
}

test('start ingests the sample into an empty store, serves it, and stops cleanly on SIGTERM and SIGINT', async () => {
  const db = path.join(tmp.dir, 'start.db');
  const first = await serving(['start'], db);
  expect(first.output()).toMatch(/The store is empty: ingesting the bundled sample corpus/);
  expect(first.output()).toMatch(/accepted {2}80 \(new 80/);
  expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const health = await (await fetch(`${first.url}healthz`)).json();
  expect(health).toMatchObject({ status: 'ok', store: { papers: 80, embeddedPapers: 80 } });
  const ide = await fetch(first.url, { headers: { accept: 'text/html' } });
  expect(await ide.text()).toContain('<title>litgraph GraphiQL</title>');
  first.child.kill('SIGTERM');
  expect(await first.exit).toBe(0);
  expect(first.output()).toMatch(/SIGTERM: stopping/);

  const second = await serving(['start'], db);
  expect(second.output()).toMatch(/already holds 80 papers: nothing to ingest/);
  const res = await fetch(`${second.url}graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ stats { papers embeddedPapers } }' }),
  });
  expect(await res.json()).toEqual({ data: { stats: { papers: 80, embeddedPapers: 80 } } });
  second.child.kill('SIGINT');
  expect(await second.exit).toBe(0);

  // The store was closed cleanly: another process reads it.
  const stats = spawnSync(process.execPath, [BIN, 'stats'], { cwd: tmp.dir, env: env(db), encoding: 'utf8' });
  expect(stats.status).toBe(0);
  expect(stats.stdout).toMatch(/papers {10}80\n/);
  expect(stats.stdout).toMatch(/with vector {5}80 \(model use-lite\)/);
  expect(stats.stdout).not.toMatch(/missing vectors/);
}, 180_000);

test('serve on a port in use fails with one clear message and exit code 1', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    const db = path.join(tmp.dir, 'busy.db');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'serve'], { cwd: tmp.dir, env: env(db, { LITGRAPH_PORT: String(port) }) });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`litgraph: cannot listen on 127.0.0.1:${port} (EADDRINUSE): use --host/--port or LITGRAPH_HOST/LITGRAPH_PORT\n`);
  } finally {
    blocker.close();
  }
}, 60_000);
