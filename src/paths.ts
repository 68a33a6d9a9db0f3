import fs from 'node:fs';
import path from 'node:path';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The project folder, whether running from src/ (tests) or dist/src/ (built). */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/**
 * The compiled file of a worker thread, `name` in the folder `dirname` (the caller's `__dirname`): beside the caller
 * when it runs compiled, else (TypeScript under ts-jest) the same place in dist/, since workers run compiled code.
 */
export function workerFile(dirname: string, name: string): string {
  const dist = path.join(PROJECT_ROOT, 'dist');
  return dirname.startsWith(dist + path.sep) ? path.join(dirname, name) : path.join(dist, path.relative(PROJECT_ROOT, dirname), name);
}

/** The sample corpus bundled with litgraph. */
export const SAMPLE_CORPUS = path.join(PROJECT_ROOT, 'data', 'sample', 'hf-papers-mixing.txt');
