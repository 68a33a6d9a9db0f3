import { spawnSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { CONFIG_VARIABLES } from '../src/config';
import { PROJECT_ROOT } from '../src/paths';
import { CHILD_TIMEOUT_MS } from './support/child';
import { tempDir } from './support/fixtures';
import { BIN, killServers, serving } from './support/serving';

// The built `litgraph` bin as users run it (`npm test` builds it first): global flags, --json, export, related,
// lineage, --version and --help.
const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/interop');
const tmp = tempDir();
afterAll(() => {
  killServers();
  tmp.cleanup();
});

function litgraph(args: string[], env: NodeJS.ProcessEnv = {}) {
  // No LITGRAPH_DB in the environment: the store comes from --db.
  const { LITGRAPH_DB: _db, ...rest } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp.dir, input: '', encoding: 'utf8', env: { ...rest, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const sampleDb = path.join(tmp.dir, 'sample.db');
beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does)`);
  expect(litgraph(['--db', sampleDb, 'ingest', path.join(PROJECT_ROOT, 'data/sample/hf-papers-mixing.txt')]).code).toBe(0);
});

test('--version prints the package version; --help lists the environment variables and .env', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(litgraph(['--version']).stdout.trim()).toBe(version);
  const help = litgraph(['--help']).stdout;
  for (const name of [...CONFIG_VARIABLES, 'LITGRAPH_DEBUG', '.env']) expect(help).toContain(name);
  for (const flag of ['--db', '--model-dir', '--model', '--port', '--host', '--json']) expect(help).toContain(flag);
});

test('npx litgraph runs the project bin, as the README says', () => {
  const run = spawnSync('npx', ['--no-install', 'litgraph', '--version'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
});

test('global flags map onto the configuration, before or after the command; a bad one is named', () => {
  const db = path.join(tmp.dir, 'flags.db');
  const ingest = litgraph(['ingest', path.join(FIXTURES, 'export.ris'), '--db', db, '--json']);
  expect(ingest.code).toBe(2);
  const report = JSON.parse(ingest.stdout) as { inserted: number; rejected: { line: number; reason: string }[] };
  expect(report.inserted).toBe(3);
  expect(report.rejected).toEqual([{ source: expect.stringMatching(/export\.ris$/), line: 26, reason: expect.stringMatching(/missing "ER {2}-"/) }]);
  const stats = JSON.parse(litgraph(['--json', '--db', db, 'stats']).stdout) as { papers: number; store: string; model: string };
  expect(stats).toMatchObject({ papers: 3, store: `sqlite:${db}`, model: 'use-lite' });
  expect(JSON.parse(litgraph(['--json', '--db', db, '--model', 'other-model', 'stats']).stdout).model).toBe('other-model');
  const badPort = litgraph(['--db', db, '--port', 'eighty', 'stats']);
  expect(badPort.code).toBe(1);
  expect(badPort.stderr).toMatch(/LITGRAPH_PORT: must be a port number from 0 to 65535, got "eighty"/);
});

test('a bad optional field is a warning with file:line, and the paper is kept', () => {
  const db = path.join(tmp.dir, 'warn.db');
  const file = path.join(tmp.dir, 'warn.jsonl');
  fs.writeFileSync(
    file,
    [
      '{"id": "a", "title": "Old", "abstract": "A paper from the year 801.", "year": 801}',
      '{"id": "b", "title": "Link", "abstract": "A paper with a script link.", "url": "javascript:alert(1)"}',
    ].join('\n'),
  );
  const run = litgraph(['--db', db, 'ingest', file]);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(`${file}:1: warning: field "year" must be a four-digit year, got 801: the field is left out`);
  expect(run.stderr).toContain(`${file}:2: warning: field "url" dropped: "javascript:alert(1)" is not an http(s) URL`);
  expect(run.stdout).toMatch(/accepted {2}2 /);
  expect(run.stdout).toMatch(/warnings {2}2 /);
});

test('a rejected record of a JSON document is located by its entry', () => {
  const run = litgraph(['--db', path.join(tmp.dir, 's2.db'), 'ingest', path.join(FIXTURES, 's2-batch.json')]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/s2-batch\.json: entry 3: rejected: missing field "abstract"/);
  expect(run.stderr).toMatch(/s2-batch\.json: entry 4: rejected: expected a JSON object/);
});

test('export writes GraphML to a file with a JSON summary, and CSV to stdout', () => {
  const out = path.join(tmp.dir, 'graph.graphml');
  const run = litgraph(['--db', sampleDb, '--json', 'export', '--format', 'graphml', '--out', out]);
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.stdout) as { nodes: number; edges: number; what: string };
  expect(summary.what).toBe('all');
  expect(summary.nodes).toBeGreaterThan(80);
  expect(XMLValidator.validate(fs.readFileSync(out, 'utf8'))).toBe(true);
  const csv = litgraph(['--db', sampleDb, 'export', '--format', 'csv', '--what', 'concepts']);
  expect(csv.stdout.split('\r\n')[0]).toBe('key,name,kind,aliases,paperCount,community');
  expect(csv.stderr).toMatch(/exported concepts as csv: \d+ rows/);
  const bad = litgraph(['--db', sampleDb, 'export', '--format', 'bibtex', '--what', 'lineage']);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/^litgraph: BibTeX holds papers only/);
  expect(litgraph(['--db', sampleDb, 'export', '--format', 'pdf']).stderr).toMatch(/Allowed choices are graphml, json, csv, bibtex/);
});

test('related <id> lists papers with reasons, as text, JSON or BibTeX; --text works; unknown ids are named', () => {
  const ids = litgraph(['--db', sampleDb, 'export', '--format', 'csv']).stdout.split('\r\n').slice(1, 2);
  const id = ids[0].split(',')[0];
  const text = litgraph(['--db', sampleDb, 'related', id, '--first', '3']);
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/^ 1\. \d\.\d{3} {2}.+\[.+\]\n {6}\S/);
  const json = JSON.parse(litgraph(['--db', sampleDb, '--json', 'related', id, '--first', '3']).stdout) as { id: string; reason: string }[];
  expect(json).toHaveLength(3);
  expect(json.map((r) => r.id)).not.toContain(id);
  const bib = litgraph(['--db', sampleDb, 'related', id, '--first', '3', '--bibtex']).stdout;
  expect(bib.match(/^@(article|misc)\{/gm)).toHaveLength(3);
  const byText = JSON.parse(
    litgraph(['--db', sampleDb, '--json', 'related', '--text', 'mixing training data domains for language model pretraining', '--first', '2']).stdout,
  ) as unknown[];
  expect(byText).toHaveLength(2);
  const missing = litgraph(['--db', sampleDb, 'related', 'nope:1']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^litgraph: no paper with id "nope:1"/);
  expect(litgraph(['--db', sampleDb, 'related']).stderr).toMatch(/related needs a paper id or --text/);
});

test('lineage <method> prints each link with its evidence; an unknown method is named', () => {
  const edges = litgraph(['--db', sampleDb, 'export', '--format', 'csv', '--what', 'lineage']).stdout.split('\r\n').slice(1);
  expect(edges[0]).toBeTruthy();
  const child = edges[0].split(',')[0];
  const run = litgraph(['--db', sampleDb, 'lineage', child, '--direction', 'ancestors', '--depth', '1']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/ (EXTENDS|VARIANT_OF|BUILDS_ON|FAMILY) .+\(confidence \d\.\d\d, paper .+\)\n {6}".+"/);
  const json = JSON.parse(litgraph(['--db', sampleDb, '--json', 'lineage', child]).stdout) as { edges: unknown[] };
  expect(json.edges.length).toBeGreaterThan(0);
  const unknown = litgraph(['--db', sampleDb, 'lineage', 'no such method at all']);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/^litgraph: no method called "no such method at all"/);
});

test('serve takes --db, --host, --port, --model-dir and --model in place of the environment', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  await new Promise((resolve) => blocker.close(resolve));
  // No LITGRAPH_* variable at all: without --model-dir, `use-lite` would be a hub id (nothing to download here), and
  // the server would report the bundled model standing in ("fallback") rather than "loaded".
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LITGRAPH_')));
  const flags = ['--db', sampleDb, '--host', '127.0.0.1', '--port', String(port)];
  const server = await serving(['serve', ...flags, '--model-dir', path.join(PROJECT_ROOT, 'models'), '--model', 'use-lite'], {
    cwd: tmp.dir,
    env,
  });
  expect(server.url).toBe(`http://127.0.0.1:${port}/`);
  const health = (await (await fetch(`${server.url}healthz`)).json()) as unknown;
  expect(health).toMatchObject({ status: 'ok', store: { papers: 80 }, model: { status: 'loaded', id: 'use-lite' } });
  expect(await server.stop('SIGTERM')).toBe(0);
}, 2 * CHILD_TIMEOUT_MS);
