import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { OperationTypeNode, parse, print, type OperationDefinitionNode } from 'graphql';
import { PROJECT_ROOT, SAMPLE_CORPUS } from '../src/paths';
import { CHILD_TIMEOUT_MS, spawnSyncWithin } from './support/child';
import { tempDir } from './support/fixtures';
import { codeBlocks } from './support/markdown';
import { BIN, killServers, serving } from './support/serving';

// The README's fenced shell commands and GraphQL examples as a user runs them. Each command is run here, or listed in
// NOT_RUN with the reason; a command that is neither fails the first test. The `npx litgraph …` commands run in a
// scratch folder whose node_modules/.bin holds the built bin (as `npm ci` links it in a checkout), on a store holding
// the bundled sample (as `npm start` leaves ./data/litgraph.db). The GraphQL examples of the README and docs/api.md
// run against the `serve` the README starts.
const README = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

/** Commands of the README no test runs, and why. */
const NOT_RUN: Record<string, string> = {
  'npm ci --strict-allow-scripts && npm start':
    'run by .ci/bare-clone.sh (`bash .ci/run`) in a fresh clone; here it would reinstall node_modules under the running tests (its parts: test/build.test.ts, test/api/start.test.ts)',
  'npm test': 'the test suite itself',
  "echo 'NEO4J_PASSWORD=change-me-please' > .env": 'the Docker Compose setup: needs Docker (test/deploy.test.ts checks the compose file)',
  'docker compose up': 'needs Docker',
  'docker run --rm -p 7687:7687 -e NEO4J_AUTH=neo4j/test-password neo4j:5.26-community': 'needs Docker',
  'NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=test-password npx jest test/neo4j-store.test.ts': 'needs a Neo4j server',
  'npm run bench:ingest': 'a benchmark: minutes, prints figures',
  'npm run bench:api': 'a benchmark: minutes, prints figures',
  'npm run eval:extract': 'an evaluation: minutes, prints metrics',
  'npm run eval:related': 'an evaluation: minutes, prints metrics',
  'npm run bench:related': 'a benchmark: minutes, prints figures',
  'npm run bench:load': 'a benchmark: minutes, prints figures',
  'npm run bench:live': 'a benchmark: minutes, prints figures',
  'npm run bench:live -- --papers 100000 --runs 1': 'a benchmark: builds a 100,000-paper store (minutes), prints figures',
  'npm run bench:ann': 'a benchmark: minutes, prints figures',
  'npm run bench:corpus': 'a benchmark: minutes, prints figures',
  'npm run bench:mutation': 'a benchmark: minutes, prints figures',
};

/** Every command of the README's sh/bash blocks, without its comment. */
const commands = codeBlocks(README)
  .filter((b) => b.lang === 'sh' || b.lang === 'bash')
  .flatMap((b) => b.code.split('\n'))
  .map((line) => line.replace(/\s+#\s.*$/, '').trim())
  .filter(Boolean);
const cliCommands = commands.filter((c) => c.startsWith('npx litgraph '));

const tmp = tempDir();
const home = path.join(tmp.dir, 'home');
const work = path.join(tmp.dir, 'work');
/** The environment of a user with no LITGRAPH_* variable but the test model (test/support/env.ts). */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LITGRAPH_'))),
  LITGRAPH_MODEL_DIR: process.env.LITGRAPH_MODEL_DIR,
  LITGRAPH_EMBEDDING_MODEL: process.env.LITGRAPH_EMBEDDING_MODEL,
  HOME: home,
};

function sh(command: string, extra: NodeJS.ProcessEnv = {}) {
  const run = spawnSyncWithin('sh', ['-c', command], { cwd: work, env: { ...env, ...extra }, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does)`);
  fs.mkdirSync(path.join(home, 'Zotero'), { recursive: true });
  // A Zotero export: the good entries of the BibTeX fixture (it ends with two broken ones, for the rejection tests).
  const bib = fs.readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/interop/zotero.bib'), 'utf8');
  fs.writeFileSync(path.join(home, 'Zotero/export.bib'), bib.slice(0, bib.indexOf('@article{broken_entry')));
  fs.mkdirSync(path.join(work, 'node_modules/.bin'), { recursive: true });
  fs.symlinkSync(BIN, path.join(work, 'node_modules/.bin/litgraph'));
  const sample = spawnSyncWithin(process.execPath, [BIN, 'ingest', SAMPLE_CORPUS], { cwd: work, env, encoding: 'utf8' });
  expect(sample.status).toBe(0);
});
afterAll(() => {
  killServers();
  tmp.cleanup();
});

test('every command of the README is run by a test or listed as not run, with the reason', () => {
  expect(cliCommands.length).toBeGreaterThan(0);
  expect(commands.filter((c) => !c.startsWith('npx litgraph ') && !(c in NOT_RUN))).toEqual([]);
  expect(Object.keys(NOT_RUN).filter((c) => !commands.includes(c))).toEqual([]);
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Each query of the GraphQL blocks of a page, alone (mutations need an API key: test/api/mutation.test.ts). */
function queries(page: string): { where: string; query: string }[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, page), 'utf8');
  return codeBlocks(text)
    .filter((b) => b.lang === 'graphql')
    .flatMap((b) =>
      parse(b.code)
        .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
        .filter((d) => d.operation === OperationTypeNode.QUERY)
        .map((d) => ({ where: `${page}:${b.line} ${d.name?.value ?? ''}`.trim(), query: print(d) })),
    );
}

test("the README's litgraph commands run as printed, and its GraphQL examples and docs/api.md's answer", async () => {
  for (const command of cliCommands.filter((c) => !c.startsWith('npx litgraph serve'))) {
    const run = sh(command);
    expect({ command, code: run.code, stderr: run.stderr }).toEqual({ command, code: 0, stderr: expect.any(String) });
  }
  const stats = JSON.parse(sh('npx litgraph --db ./data/zotero.db --json stats').stdout) as { papers: number };
  expect(stats.papers).toBe(3);
  const bib = fs.readFileSync(path.join(work, 'related.bib'), 'utf8');
  expect(bib.match(/^@\w+\{/gm)).toHaveLength(5);
  expect(sh('npx litgraph lineage adautomixup --direction ancestors').stdout).toMatch(/FAMILY/);

  // `serve --port 4150` as printed but on a free port: 4150 may be taken on a shared machine.
  const serve = cliCommands.find((c) => c.startsWith('npx litgraph serve'))!;
  expect(serve).toMatch(/--port \d+$/);
  const port = await freePort();
  const args = serve.replace(/^npx litgraph /, '').replace(/--port \d+$/, `--port ${port}`).split(' ');
  const server = await serving(args, { cwd: work, env });
  expect(server.url).toBe(`http://127.0.0.1:${port}/`);
  const examples = [...queries('README.md'), ...queries('docs/api.md')];
  expect(examples.length).toBeGreaterThan(3);
  for (const { where, query } of examples) {
    const res = await fetch(`${server.url}graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect({ where, status: res.status, errors: body.errors }).toEqual({ where, status: 200, errors: undefined });
    expect({ where, empty: Object.values(body.data ?? {}).filter((v) => v === null || (Array.isArray(v) && !v.length)) }).toEqual({
      where,
      empty: [],
    });
  }
  expect(await server.stop('SIGTERM')).toBe(0);
}, 4 * CHILD_TIMEOUT_MS);

test('the commands the CLI suggests run as printed', () => {
  const db = { LITGRAPH_DB: path.join(work, 'hints.db') };
  const ingest = sh(`npx litgraph ingest ${SAMPLE_CORPUS}`, { ...db, LITGRAPH_EMBEDDING_MODEL: 'none' });
  const stats = sh('npx litgraph stats', db);
  const hints = new Set([...(ingest.stdout + stats.stdout).matchAll(/`(npx litgraph [^`]+)`/g)].map((m) => m[1]));
  expect([...hints]).toEqual(['npx litgraph embed']);
  for (const hint of hints) expect(sh(hint, db)).toMatchObject({ code: 0, stdout: expect.stringMatching(/embedded 80 papers/) });
  expect(sh('npx litgraph stats', db).stdout).not.toMatch(/missing vectors/);
  // `--help` ends with a hint whose placeholder a user fills in.
  expect(sh('npx litgraph --help').stdout).toContain('Run `npx litgraph <command> --help`');
  expect(sh('npx litgraph ingest --help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: litgraph ingest/) });
});
