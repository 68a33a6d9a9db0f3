import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

// Every regex on the ingest path must be linear in its input. Each case is sized so that a quadratic regex (the `\(`
// of an 80k-character title took minutes) needs far longer than the time limit, and linear code well under a second
// a case. The cases run in a child process (the built code: `npm test` builds first) that is killed at the limit: a
// regex that blocks cannot be stopped from inside. No timing is asserted; the limit is the test.
const LIMIT_MS = 30_000;
const SIZE = 400_000;
/** name, and the text as prefix + unit × (SIZE / unit length) + suffix. */
const HOSTILE: [string, string, string, string][] = [
  ['unclosed inline math \\(', '', '\\(', ''],
  ['LaTeX commands', '', '\\a', ''],
  ['HTML spaces', '', '&nbsp;', ''],
  ['spaces, then no dash', '', ' ', 'x'],
  ['dashes', '', '-', ''],
  ['spaced double dashes', '', ' --', ''],
  ['unclosed \\textbf{', '', '\\textbf{', ''],
  ['\\text without braces', '\\text', 'a', ''],
  ['dollars', '', '$', ''],
  ['$$ and no end', '$$', 'a', ''],
  ['hyphen chain', '', 'a-', ''],
  ['dot chain', '', 'a.', ''],
  ['one long word', '', 'A', ''],
  ['acronym definitions', '', 'Mixture of Experts (MoE) ', ''],
  ['parentheses', '', '(', ''],
  ['quotes and ampersands', 'a', ".'&+", 'b'],
  ['lone surrogates', '', '\ud800', ''],
  ['control characters', '', '\u0001\u0002 ', ''],
  ['proposal cues', '', 'We propose X-based Y, dubbed Z, which outperforms W. ', ''],
];

/** Runs in the child: for each case, every text function of the ingest path on it, then prints the case's name. */
const CHILD = `
const { extractPaper, prepareText } = require(process.argv[1] + '/dist/ingest/extract');
const { cleanText, normalize, normalizeTitle } = require(process.argv[1] + '/dist/ingest/normalize');
for (const [name, prefix, unit, suffix] of JSON.parse(process.argv[2])) {
  const text = prefix + unit.repeat(Math.ceil(${SIZE} / unit.length)) + suffix;
  prepareText(text);
  cleanText(text);
  normalizeTitle(text);
  const capped = normalize({ title: text.slice(0, 1000), abstract: text });
  if (capped.ok) extractPaper(capped.draft);
  extractPaper({ id: 'x', title: text, abstract: 'Short.' });
  process.stdout.write(name + '\\n');
}`;

test(`text preparation and extraction finish every hostile input of ${SIZE} characters within ${LIMIT_MS / 1000} s`, () => {
  expect(fs.existsSync(path.join(PROJECT_ROOT, 'dist/ingest/extract/index.js'))).toBe(true);
  const run = spawnSync(process.execPath, ['-e', CHILD, PROJECT_ROOT, JSON.stringify(HOSTILE)], {
    encoding: 'utf8',
    timeout: LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  const done = run.stdout.split('\n').filter((l) => l !== '');
  const stuck = HOSTILE[done.length]?.[0];
  expect({ stuck: run.signal ? stuck : undefined, stderr: run.stderr }).toEqual({ stuck: undefined, stderr: '' });
  expect(done).toEqual(HOSTILE.map(([name]) => name));
});
