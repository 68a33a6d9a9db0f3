import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { spawnSyncWithin } from './support/child';
import { tempDir } from './support/fixtures';

// The CLI as users run it: the built `litgraph` bin (`npm test` builds it first).
const BIN = path.join(PROJECT_ROOT, 'dist/src/cli.js');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does)`);
});

function litgraph(args: string[], options: { db?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const result = spawnSyncWithin(process.execPath, [BIN, ...args], {
    cwd: tmp.dir,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, LITGRAPH_DB: options.db ?? path.join(tmp.dir, 'cli.db'), ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, content: string): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, content);
  return file;
}

// `start` serves until stopped: test/api/start.test.ts runs it.

test('copy moves a whole embedded graph into another embedded store, and a second copy writes nothing', () => {
  const from = path.join(tmp.dir, 'copy-from.db');
  const to = path.join(tmp.dir, 'copy-to.db');
  expect(litgraph(['ingest', path.join(PROJECT_ROOT, 'data/sample/hf-papers-mixing.txt')], { db: from }).code).toBe(0);
  const run = litgraph(['copy', '--from', from, '--to', `sqlite:${to}`]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/80 papers, 80 written \(0 already there\), 80 vectors/);
  const statsOf = (db: string) => litgraph(['stats'], { db }).stdout.replace(/^store .*\n/, '');
  expect(statsOf(to)).toBe(statsOf(from));
  expect(litgraph(['copy', '--from', from, '--to', to]).stdout).toMatch(/80 papers, 0 written \(80 already there\)/);
  const missing = litgraph(['copy', '--to', to]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/required option '--from <store>' not specified/);
});

test('ingest reports each rejected record with file:line and reason, keeps the good ones and exits 2', () => {
  const db = path.join(tmp.dir, 'rejects.db');
  const file = write(
    'mixed.jsonl',
    [
      '{"id": "a", "title": "Good", "abstract": "Fine."}',
      '{"id": "b", "title": "No abstract"}',
      'not json at all',
      '{"id": "c", "title": "Also good", "abstract": "Fine too."}',
    ].join('\n'),
  );
  const run = litgraph(['ingest', file], { db });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`${file}:2: rejected: missing field "abstract"`);
  expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:3: rejected: malformed JSON`));
  expect(run.stdout).toMatch(/accepted {2}2 \(new 2/);
  expect(run.stdout).toMatch(/rejected {2}2/);
  expect(litgraph(['stats'], { db }).stdout).toMatch(/papers {10}2\n/);
});

test('ingest reads standard input with -', () => {
  const db = path.join(tmp.dir, 'stdin.db');
  const run = litgraph(['ingest', '-'], { db, input: '{"title": "From stdin", "abstract": "Piped in."}\n' });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/<stdin>: read 1 records/);
});

test.each([
  ['a missing file', () => path.join(tmp.dir, 'nope.jsonl'), /nope\.jsonl: no such file/],
  ['an empty file', () => write('empty.jsonl', ''), /empty\.jsonl: is empty/],
  ['a binary file', () => write('bin.dat', '\u0000\u0001\u0002binary'), /bin\.dat: looks like a binary file/],
  ['an unknown format', () => write('x.csv', 'a,b,c\n1,2,3\n'), /x\.csv: unknown format/],
])('%s fails with one clear line and exit code 1', (_, input, message) => {
  const run = litgraph(['ingest', input()]);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

test('a failed ingest creates no store file, nor does one that stores nothing', () => {
  const db = path.join(tmp.dir, 'never-created.db');
  expect(litgraph(['ingest', path.join(tmp.dir, 'nope.jsonl')], { db }).code).toBe(1);
  expect(litgraph(['ingest', write('all-bad.jsonl', '{"title": "No abstract"}\n')], { db }).code).toBe(2);
  expect(fs.readdirSync(tmp.dir).filter((f) => f.startsWith('never-created'))).toEqual([]);
});

test('hostile records: an over-long title is rejected with its line, an unsafe url and a huge abstract warned, exit 2, no stack trace', () => {
  const db = path.join(tmp.dir, 'hostile.db');
  const file = write(
    'hostile.jsonl',
    [
      { id: 'a', title: 'Good', abstract: 'Fine.', url: 'javascript:alert(1)' },
      { id: 'huge', title: 'x'.repeat(750_000), abstract: 'Fine.' },
      { id: 'long', title: 'Long', abstract: 'word '.repeat(2_000_000) },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  const run = litgraph(['ingest', file], { db });
  expect(run.code).toBe(2);
  expect(run.stderr.split('\n').filter((l) => l.startsWith(file))).toEqual([
    `${file}:1: warning: field "url" dropped: "javascript:alert(1)" is not an http(s) URL`,
    `${file}:2: rejected: title longer than 1000 characters`,
    `${file}:3: warning: abstract of 10000000 characters truncated to the first 20000 (the limit)`,
  ]);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).toMatch(/accepted {2}2 \(new 2/);
  expect(run.stdout).toMatch(/corpus graph rebuilt/);
});

describe('store problems fail with one clear line and exit code 1', () => {
  const oneLine = (run: ReturnType<typeof litgraph>, message: RegExp) => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };

  test('a file that is not a database', () => {
    const db = write('not-a-db.db', 'just some text, not SQLite\n'.repeat(200));
    oneLine(litgraph(['stats'], { db }), /^litgraph: .*not-a-db\.db: not a litgraph store \(the file is not an SQLite database\)$/m);
    oneLine(
      litgraph(['ingest', path.join(PROJECT_ROOT, 'data/sample/hf-papers-mixing.txt')], { db }),
      /not-a-db\.db: not a litgraph store/,
    );
    expect(fs.readFileSync(db, 'utf8')).toBe('just some text, not SQLite\n'.repeat(200));
  });

  test('a store of a newer schema', () => {
    const db = path.join(tmp.dir, 'future.db');
    const future = new Database(db);
    future.pragma('user_version = 999');
    future.close();
    oneLine(litgraph(['stats'], { db }), /future\.db: the store has schema version 999, newer than this litgraph knows \(\d+\): upgrade litgraph$/m);
  });

  test('a directory as the store', () => {
    oneLine(litgraph(['stats'], { db: tmp.dir }), /: is a directory, not a store file$/m);
  });

  test('copy --from a store that does not exist never creates it', () => {
    const missing = path.join(tmp.dir, 'mistyped.db');
    oneLine(litgraph(['copy', '--from', missing, '--to', path.join(tmp.dir, 'copy-dest.db')]), /mistyped\.db: no such store$/m);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

test('with no model (LITGRAPH_EMBEDDING_MODEL=none) ingest stores papers; embed fills the vectors in later', () => {
  const db = path.join(tmp.dir, 'nomodel.db');
  const noModel = { LITGRAPH_EMBEDDING_MODEL: 'none' };
  const run = litgraph(['ingest', path.join(PROJECT_ROOT, 'data/sample/hf-papers-mixing.txt')], { db, env: noModel });
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/^LITGRAPH_EMBEDDING_MODEL=none: embedding is off: papers are stored without vectors$/m);
  expect(run.stdout).toMatch(/without vector {2}80 \(run `npx litgraph embed` later\)/);
  expect(litgraph(['stats'], { db }).stdout).toMatch(/missing vectors 80/);
  const embed = litgraph(['embed'], { db });
  expect(embed.code).toBe(0);
  expect(embed.stdout).toMatch(/embedded 80 papers with use-lite/);
  expect(litgraph(['stats'], { db }).stdout).toMatch(/with vector {5}80/);
  const failing = litgraph(['embed'], { db, env: noModel });
  expect(failing.code).toBe(1);
  expect(failing.stderr).toBe('litgraph: LITGRAPH_EMBEDDING_MODEL=none: embedding is off: there is no model to embed with\n');
});

test('invalid configuration names every bad variable in one message', () => {
  const run = litgraph(['stats'], { env: { LITGRAPH_BATCH_SIZE: 'lots', NEO4J_URI: 'http://localhost:7474' } });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/Invalid configuration/);
  expect(run.stderr).toMatch(/LITGRAPH_BATCH_SIZE: must be a whole number from 1 to 4096, got "lots"/);
  expect(run.stderr).toMatch(/NEO4J_URI: must look like neo4j:\/\/host:7687/);
});

describe('remove and rebuild', () => {
  const sample = path.join(PROJECT_ROOT, 'data/sample/hf-papers-mixing.txt');
  /** The store's generations, its communities' stamp, and every concept's community, read as they are stored. */
  const communitiesOf = (db: string) => {
    const sqlite = new Database(db, { readonly: true });
    try {
      const rows = sqlite.prepare(`SELECT key, value FROM store_state`).all() as { key: string; value: number }[];
      const state = new Map(rows.map((r) => [r.key, r.value]));
      const concepts = sqlite.prepare(`SELECT key, community FROM concepts ORDER BY key`).all() as { key: string; community: number | null }[];
      return { corpus: state.get('corpus_generation'), papers: state.get('papers_generation'), communities: state.get('communities_generation'), concepts };
    } finally {
      sqlite.close();
    }
  };
  const statsOf = (db: string) => litgraph(['stats'], { db }).stdout.replace(/^store .*\n/, '');
  const extra = () =>
    write(
      'extra.jsonl',
      [
        { doi: '10.5555/cli.1', arxiv_id: '2401.88888', title: 'Expert Pruning', abstract: 'We propose ExpertPrune for sparse mixture-of-experts models.' },
        { id: 'cli:citing', title: 'Routing after pruning', abstract: 'We study ExpertPrune routing.', references: ['10.5555/cli.1'] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );

  test('remove takes papers out by id or alias with what they contributed; unknown ids are listed and exit 2', () => {
    const db = path.join(tmp.dir, 'remove.db');
    const only = path.join(tmp.dir, 'remove-sample-only.db');
    expect(litgraph(['ingest', sample], { db: only }).code).toBe(0);
    expect(litgraph(['ingest', sample], { db }).code).toBe(0);
    expect(litgraph(['ingest', extra()], { db }).code).toBe(0);
    expect(statsOf(db)).not.toBe(statsOf(only));

    const run = litgraph(['remove', 'arxiv:2401.88888', 'cli:citing', 'cli:nope'], { db });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cli:nope: unknown: no paper has this id or alias\n');
    expect(run.stdout).toMatch(
      new RegExp(
        `^removed 2 papers from sqlite:${db.replace(/[.]/g, '\\.')}\n  doi:10\\.5555/cli\\.1 \\(named by its alias arxiv:2401\\.88888\\)\n` +
          `  cli:citing\nunknown 1 \\(listed above\\): nothing removed for them\ncorpus graph updated in \\d+\\.\\d\\ds\n$`,
      ),
    );
    // The corpus graph no longer holds anything of them: the store reads as the sample alone, communities included,
    // refreshed before the command exited.
    expect(statsOf(db)).toBe(statsOf(only));
    const [left, alone] = [communitiesOf(db), communitiesOf(only)];
    expect([left.communities, left.corpus]).toEqual([left.papers, left.papers]);
    expect(left.concepts).toEqual(alone.concepts);

    const again = litgraph(['--json', 'remove', 'cli:citing'], { db });
    expect(again.code).toBe(2);
    expect(JSON.parse(again.stdout)).toEqual({ removed: [], aliases: [], unknown: ['cli:citing'], corpusSeconds: 0 });
    const first = litgraph(['export', '--format', 'csv'], { db }).stdout.split('\n')[1].split(',')[0];
    expect(litgraph(['remove', first], { db })).toMatchObject({ code: 0, stderr: '' });
    expect(litgraph(['stats'], { db }).stdout).toMatch(/papers {10}79\n/);
  });

  test('rebuild rebuilds the corpus graph from scratch, even when up to date, and says what and how long', () => {
    const db = path.join(tmp.dir, 'rebuild.db');
    expect(litgraph(['ingest', sample], { db }).code).toBe(0);
    const before = statsOf(db);
    const communitiesAfterIngest = communitiesOf(db);
    expect(communitiesAfterIngest.communities).toBe(communitiesAfterIngest.corpus);
    const run = litgraph(['rebuild'], { db });
    expect(run.code).toBe(0);
    const [, concepts, methods, lineage] =
      /concepts {8}(\d+)\nmethods {9}(\d+)\nlineage edges {3}(\d+)/.exec(before) ?? [];
    expect(run.stdout).toBe(
      `rebuilt the corpus graph of sqlite:${db} from 80 papers in ${/in (\d+\.\d\d)s/.exec(run.stdout)?.[1]}s: ` +
        `${concepts} concepts, ${methods} methods, ${lineage} lineage edges\n`,
    );
    expect(statsOf(db)).toBe(before);
    // Written with the graph, and the same as the refresh after the ingest computed from the same graph.
    const rebuilt = communitiesOf(db);
    expect([rebuilt.communities, rebuilt.corpus]).toEqual([rebuilt.papers, rebuilt.papers]);
    expect(rebuilt.concepts).toEqual(communitiesAfterIngest.concepts);
    expect(rebuilt.concepts.filter((c) => c.community !== null).length).toBeGreaterThan(10);
    const json = litgraph(['--json', 'rebuild'], { db });
    expect(JSON.parse(json.stdout)).toMatchObject({ written: true, papers: 80, concepts: Number(concepts) });
  });

  test('remove and rebuild never create a store; remove needs an id', () => {
    const missing = path.join(tmp.dir, 'no-store.db');
    for (const args of [['remove', 'x'], ['rebuild']]) {
      const run = litgraph(args, { db: missing });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`litgraph: ${missing}: no such store\n`);
    }
    expect(fs.existsSync(missing)).toBe(false);
    const none = litgraph(['remove']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/missing required argument 'id'/);
    expect(litgraph(['remove', '--help']).stdout).toMatch(/Exit code 0 when every id named a paper; 2 when some named none/);
  });
});
