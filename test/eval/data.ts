import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

/**
 * Evaluation and benchmark data the repository does not carry (tens of megabytes, under their own licences):
 * ../shared/data beside the project. Only `npm run eval:*` and `bench:*` read it; `npm test` never does.
 */
export const EVAL_DATA_DIR = path.resolve(PROJECT_ROOT, '../shared/data');

/** `file`, or, when it is missing, one line saying what to put where, and exit code 1 (no stack trace). */
export function requireData(file: string, what: string): string {
  if (fs.existsSync(file)) return file;
  const script = process.env.npm_lifecycle_event ?? path.relative(PROJECT_ROOT, process.argv[1] ?? '');
  process.stderr.write(`${script}: ${file} is missing: put ${what} there\n`);
  process.exit(1);
}

/** A file of the evaluation data (`relative` to EVAL_DATA_DIR), as `requireData`. */
export function evalData(relative: string, what: string): string {
  return requireData(path.join(EVAL_DATA_DIR, relative), what);
}

export const ML_PAPERS_WHAT = 'the ml-papers corpus (papers.jsonl: 3,451 papers, JSON Lines, MIT licence)';
