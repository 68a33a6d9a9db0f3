// Builds litgraph into dist/ (tsc, then the explorer bundle) and stamps dist/ with a hash of everything the build
// reads. `--if-stale` (used by `npm start` and `npm run serve`) skips the build when the stamp matches the inputs.
// A content hash rather than mtimes: a checkout, a copy or an edit undone leaves mtimes that say nothing.
// `--root <dir>` builds another folder laid out the same way (the test builds a small project with it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the build reads: folders (every file in them) and single files, relative to the root. */
const INPUT_DIRS = ['src', 'graph', 'ingest', 'schema', 'test'];
const INPUT_FILES = ['package.json', 'package-lock.json'];
/** Files the build writes that the app cannot start without: a stamp is trusted only when they are there. */
const OUTPUTS = ['dist/src/cli.js', 'dist/explore/index.html'];
const STAMP = 'dist/.build-stamp';

const args = process.argv.slice(2);
const ifStale = args.includes('--if-stale');
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? path.resolve(args[rootAt + 1]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Every input file, relative to the root with forward slashes, sorted: the same set in any clone. */
function inputFiles() {
  const files = [];
  for (const dir of INPUT_DIRS) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const entry of fs.readdirSync(abs, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
    }
  }
  for (const name of fs.readdirSync(root)) {
    if (INPUT_FILES.includes(name) || /^tsconfig.*\.json$/.test(name)) files.push(name);
  }
  return files.map((f) => f.split(path.sep).join('/')).sort();
}

/** sha256 over each input's path and content. */
function inputHash() {
  const hash = createHash('sha256');
  for (const file of inputFiles()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function run(step, command, commandArgs) {
  const result = spawnSync(process.execPath, [command, ...commandArgs], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`build: ${step} failed (exit ${result.status ?? result.signal}): dist/ is not current\n`);
    process.exit(1);
  }
}

const stampFile = path.join(root, STAMP);
// Hashed before building: an edit made while tsc runs leaves a stamp that does not match, so the next start builds.
const hash = inputHash();
if (ifStale) {
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  if (stamp === hash && OUTPUTS.every((file) => fs.existsSync(path.join(root, file)))) {
    process.stdout.write('build: dist/ is up to date with the sources: not rebuilding\n');
    process.exit(0);
  }
  process.stdout.write(`build: ${stamp ? 'sources changed since the last build' : 'no build yet'}: building\n`);
}
// No stamp while dist/ is being rewritten: a build that fails half-way is never taken for current.
fs.rmSync(stampFile, { force: true });
run('tsc -p tsconfig.build.json', tsc, ['-p', 'tsconfig.build.json']);
run('the explorer bundle (src/explore/build.mjs)', path.join(root, 'src', 'explore', 'build.mjs'), []);
// The package's commands run as files (`npx litgraph`), and tsc writes a new file without the executable bit.
const manifest = path.join(root, 'package.json');
const bin = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')).bin ?? {}) : {};
for (const file of typeof bin === 'string' ? [bin] : Object.values(bin)) fs.chmodSync(path.join(root, file), 0o755);
fs.writeFileSync(stampFile, `${hash}\n`);
