import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import type { Embedder } from '../../ingest/embed';
import { LIMITS } from '../../ingest/normalize';
import { ingest } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { tempDir, testEmbedder } from '../support/fixtures';

// Property-based fuzz of the real pipeline: random and hostile JSON Lines input, read by the real source reader from
// a byte stream, normalised, embedded by the real model and written to a real SQLite store. Whatever the input: no
// crash, every good record stored, every bad one rejected with its own line, the corpus graph current, RSS bounded.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let embedder: Embedder;
beforeAll(async () => {
  embedder = await testEmbedder();
});

/** Fragments that have broken text code before: regex bait, markup, control characters, lone surrogates. */
const hostileUnit = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 3 }),
  fc.constantFrom('\\(', '\\)', '$', '$$', '&nbsp;', '&amp;', '--', '---', '\\textbf{', '}', '{', '~', '\u0000', '\u001b',
    '\u0085', '\ud800', '\udc00', '😀', ' ', '\t', '-', '.', '(', ')', 'MoE', 'Mixture of Experts (MoE)', 'We propose ',
    '-based ', 'outperforms ', '\u200b', 'é', '\ufeff'),
);
const hostileText = (maxLength: number) => fc.string({ unit: hostileUnit, maxLength });
/** Sometimes a very long field: one fragment repeated (over the abstract limit, it is cut with a warning). */
const longText = fc.tuple(fc.constantFrom('word ', 'a-', '\\(', ' ', 'x', 'é.'), fc.integer({ min: 1, max: 30_000 }))
  .map(([unit, n]) => unit.repeat(n));

type Kind = 'good' | 'bad' | 'random';
type Line = { kind: Kind; bytes: Buffer };

/** A line, shown short in a counterexample: its kind, size and first bytes. */
function line(kind: Kind, bytes: Buffer): Line {
  return {
    kind,
    bytes,
    [fc.toStringMethod]: () => `${kind}(${bytes.length} B: ${JSON.stringify(bytes.subarray(0, 80).toString('latin1'))})`,
  } as Line;
}

const good = (i: number): fc.Arbitrary<Line> =>
  fc
    .record(
      {
        title: hostileText(200),
        abstract: fc.oneof({ arbitrary: hostileText(400), weight: 5 }, { arbitrary: longText, weight: 1 }),
        url: fc.oneof(fc.constant(undefined), fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'data:,x', 'ftp://x'), fc.string()),
        // A bad optional field (a year that is no year, authors that are not strings) is left out with a warning.
        authors: fc.oneof(fc.constant(undefined), fc.array(hostileText(40), { maxLength: 5 }), hostileText(80), fc.constant([1, { a: 2 }])),
        keywords: fc.oneof(fc.constant(undefined), fc.array(hostileText(40), { maxLength: 5 })),
        year: fc.oneof(fc.constant(undefined), fc.integer({ min: 1000, max: 2999 }), fc.constantFrom('soon', '20255', 'MMXXIV', 801)),
        venue: fc.oneof(fc.constant(undefined), hostileText(60)),
        extra: fc.jsonValue({ maxDepth: 4 }),
      },
      { requiredKeys: ['title', 'abstract'] },
    )
    .map((r) =>
      line(
        'good',
        Buffer.from(JSON.stringify({ ...r, id: `good-${i}`, title: `Title ${i} ${r.title}`, abstract: `Abstract ${i}. ${r.abstract}` })),
      ),
    );

const bad = (i: number): fc.Arbitrary<Line> => {
  const id = `bad-${i}`;
  const record = (fields: object) => Buffer.from(JSON.stringify({ id, ...fields }));
  const nonString = fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'string' && v !== null);
  return fc
    .oneof(
      fc.constant(record({ abstract: 'No title.' })),
      fc.constant(record({ title: 'No abstract' })),
      nonString.map((title) => record({ title, abstract: 'A.' })),
      nonString.map((abstract) => record({ title: 'T', abstract })),
      fc.integer({ min: LIMITS.titleChars + 1, max: 800_000 }).map((n) => record({ title: 'x'.repeat(n), abstract: 'A.' })),
      fc.constant(record({ title: 'T', abstract: 'A.', id: { nested: ['x'] } })),
      fc.integer({ min: 1, max: 30 }).map((cut) => record({ title: 'Truncated JSON', abstract: 'A.' }).subarray(0, cut)),
      fc.constantFrom('[1, 2, 3]', '42', '"a string"', 'null', 'true').map((s) => Buffer.from(s)),
      fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80]).map((invalid) => {
        const line = record({ title: 'Not UTF-8', abstract: 'A.' });
        return Buffer.concat([line.subarray(0, 12), Buffer.from(invalid), line.subarray(12)]);
      }),
    )
    .map((bytes) => line('bad', bytes));
};

/** Any line at all (no line break in it): stored or rejected, the test only asks that it be accounted for. */
const random: fc.Arbitrary<Line> = fc
  .oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? ''))
  .map((s) => line('random', Buffer.from(s.replace(/[\r\n]/g, ' '))));

const input = fc
  .array(fc.constantFrom('good', 'bad', 'random'), { minLength: 1, maxLength: 12 })
  .chain((kinds) =>
    fc.tuple(
      good(0),
      ...kinds.map((kind, i) => (kind === 'good' ? good(i + 1) : kind === 'bad' ? bad(i + 1) : random)),
    ),
  );

let runs = 0;
let peakRss = 0;
const baselineRss = process.memoryUsage().rss;

test('random and hostile records: no crash, good ones stored, bad ones rejected with their line, RSS bounded', async () => {
  await fc.assert(
    fc.asyncProperty(input, async (lines) => {
      const store = new SqliteGraphStore(path.join(tmp.dir, `fuzz-${runs++}.db`));
      try {
        // The first line is a good record: the format is detected from it, as from any real file.
        const bytes = Buffer.concat(lines.flatMap((l) => [l.bytes, Buffer.from('\n')]));
        // A NUL byte in the first 64 KB makes the whole input binary (as git judges files): one clear refusal.
        if (bytes.subarray(0, 64 * 1024).includes(0)) {
          await expect(openSource('-', Readable.from([bytes]))).rejects.toHaveProperty(
            'message',
            '<stdin>: looks like a binary file (it contains NUL bytes), not text',
          );
          return;
        }
        const source = await openSource('-', Readable.from([bytes]));
        const report = await ingest(source.name, source.items, store, { batchSize: 8, embedder });
        const rejectedLines = new Set(report.rejected.map((r) => r.line));
        const goodIds = lines.flatMap((l, i) => (l.kind === 'good' ? [{ id: `good-${i}`, line: i + 1 }] : []));
        const stored = await store.getPapers([...goodIds.map((g) => g.id), ...lines.map((_, i) => `bad-${i}`)]);
        for (const { id, line } of goodIds) {
          expect({ line, stored: stored.has(id), rejected: report.rejected.find((r) => r.line === line) }).toEqual({
            line,
            stored: true,
            rejected: undefined,
          });
        }
        for (const [i, line] of lines.entries()) {
          if (line.kind !== 'bad') continue;
          expect({ line: i + 1, rejected: rejectedLines.has(i + 1), stored: stored.has(`bad-${i}`) }).toEqual({
            line: i + 1,
            rejected: true,
            stored: false,
          });
        }
        for (const r of report.rejected) {
          expect(r.line).toBeGreaterThanOrEqual(1);
          expect(r.line).toBeLessThanOrEqual(lines.length);
          expect(r.reason).not.toMatch(/\n/);
        }
        const page = await store.listPapers({ first: 1000 });
        for (const p of page.items) {
          if (p.url !== undefined) expect(p.url).toMatch(/^https?:\/\//i);
          expect(p.title.length).toBeLessThanOrEqual(LIMITS.titleChars);
          expect(p.abstract.length).toBeLessThanOrEqual(LIMITS.abstractChars);
          expect(`${p.title}${p.abstract}`).not.toMatch(/[\u0000-\u0008\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])/);
        }
        expect(page.totalCount).toBe(report.inserted + report.updated);
        expect(await store.stats()).toMatchObject({ vectorsByModel: { 'use-lite': page.totalCount } });
        const state = await store.corpusState();
        expect(state.corpusGeneration).toBe(state.papersGeneration);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      } finally {
        await store.close();
      }
    }),
    { numRuns: 20 },
  );
  // Inputs reach a few MB (an 800 KB title, long abstracts); memory must not grow with them beyond a bound.
  expect(peakRss - baselineRss).toBeLessThan(1024 * 1024 * 1024);
}, 600_000);
