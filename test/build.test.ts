import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { spawnSyncWithin } from './support/child';
import { tempDir } from './support/fixtures';

// scripts/build.mjs as `npm start` runs it (`--if-stale`), with the real tsc, on a small project laid out like
// litgraph's (tsconfig.build.json, src/, src/explore/build.mjs): a fresh clone builds, an unchanged tree does not,
// an edited source does, and a failed build is never taken for current.
const SCRIPT = path.join(PROJECT_ROOT, 'scripts/build.mjs');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

function project(): string {
  const root = fs.mkdtempSync(path.join(tmp.dir, 'project-'));
  const files: Record<string, string> = {
    'package.json': '{ "name": "tiny", "private": true }\n',
    'tsconfig.build.json': JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', outDir: 'dist', rootDir: '.', strict: true, types: [] },
      include: ['src'],
      exclude: ['src/explore'],
    }),
    'src/cli.ts': 'export const greeting: string = "one";\n',
    'src/explore/build.mjs':
      "import fs from 'node:fs';\nfs.mkdirSync('dist/explore', { recursive: true });\n" +
      "fs.writeFileSync('dist/explore/index.html', '<!doctype html>');\n",
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

function buildIfStale(root: string) {
  const result = spawnSyncWithin(process.execPath, [SCRIPT, '--if-stale', '--root', root], { cwd: root, encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
}

const built = (root: string) => fs.readFileSync(path.join(root, 'dist/src/cli.js'), 'utf8');

test('a fresh tree builds; an unchanged one is not rebuilt, even when touched; an edited source is', () => {
  const root = project();
  const first = buildIfStale(root);
  expect(first).toMatchObject({ code: 0 });
  expect(first.out).toMatch(/no build yet: building/);
  expect(built(root)).toMatch(/"one"/);

  const cliMtime = fs.statSync(path.join(root, 'dist/src/cli.js')).mtimeMs;
  fs.utimesSync(path.join(root, 'src/cli.ts'), new Date(), new Date());
  const again = buildIfStale(root);
  expect(again).toMatchObject({ code: 0 });
  expect(again.out).toMatch(/up to date with the sources: not rebuilding/);
  expect(fs.statSync(path.join(root, 'dist/src/cli.js')).mtimeMs).toBe(cliMtime);

  fs.writeFileSync(path.join(root, 'src/cli.ts'), 'export const greeting: string = "two";\n');
  const edited = buildIfStale(root);
  expect(edited.out).toMatch(/sources changed since the last build: building/);
  expect(built(root)).toMatch(/"two"/);

  fs.writeFileSync(path.join(root, 'tsconfig.build.json'), fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8') + '\n');
  expect(buildIfStale(root).out).toMatch(/sources changed/);
  fs.rmSync(path.join(root, 'dist/explore'), { recursive: true });
  expect(buildIfStale(root).out).toMatch(/building/);
  expect(fs.existsSync(path.join(root, 'dist/explore/index.html'))).toBe(true);
});

test('a build that fails leaves no stamp: the next start builds again, and succeeds once the source is fixed', () => {
  const root = project();
  expect(buildIfStale(root).code).toBe(0);
  fs.writeFileSync(path.join(root, 'src/cli.ts'), 'export const greeting: number = "not a number";\n');
  const failed = buildIfStale(root);
  expect(failed.code).toBe(1);
  expect(failed.out).toMatch(/src\/cli\.ts.*error TS2322/);
  expect(failed.out).toMatch(/build: tsc -p tsconfig.build.json failed \(exit 2\): dist\/ is not current/);
  expect(fs.existsSync(path.join(root, 'dist/.build-stamp'))).toBe(false);
  expect(buildIfStale(root)).toMatchObject({ code: 1 });

  fs.writeFileSync(path.join(root, 'src/cli.ts'), 'export const greeting: string = "three";\n');
  expect(buildIfStale(root)).toMatchObject({ code: 0 });
  expect(built(root)).toMatch(/"three"/);
  expect(buildIfStale(root).out).toMatch(/not rebuilding/);
});
