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

/** The sample corpus bundled with litgraph. */
export const SAMPLE_CORPUS = path.join(PROJECT_ROOT, 'data', 'sample', 'hf-papers-mixing.txt');
