import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MAX_LINE_BYTES, openSource, SourceError, type SourceItem } from '../../ingest/sources';
import { SAMPLE_CORPUS } from '../../src/paths';
import { ML_PAPERS_HEAD, tempDir } from '../support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function write(name: string, content: string | Buffer): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readAll(input: string, stdin?: NodeJS.ReadableStream): Promise<SourceItem[]> {
  const source = await openSource(input, stdin);
  const items: SourceItem[] = [];
  for await (const item of source.items) items.push(item);
  return items;
}

const records = (items: SourceItem[]) => items.filter((i) => i.kind === 'record');
const rejections = (items: SourceItem[]) => items.filter((i) => i.kind === 'rejected');

describe('the bundled sample listing', () => {
  test('yields exactly 80 papers, page noise removed, first and last titles right', async () => {
    const source = await openSource(SAMPLE_CORPUS);
    expect(source.format).toBe('listing');
    const items: SourceItem[] = [];
    for await (const item of source.items) items.push(item);
    expect(rejections(items)).toEqual([]);
    const papers = records(items).map((i) => (i.kind === 'record' ? i.raw : {}));
    expect(papers).toHaveLength(80);
    expect(papers[0].title).toBe(
      'From Noisy Traces to Stable Gradients: Bias-Variance Optimized Preference Optimization for Aligning Large Reasoning Models',
    );
    expect(papers[79].title).toBe('Efficient Training with Denoised Neural Weights');
    expect(String(papers[0].abstract)).toMatch(/^Large reasoning models \(LRMs\)/);
    expect(records(items)[0].line).toBe(3);
    expect(source.bytesRead()).toBe(source.totalBytes);
  });

  test('the bundled copy is the page export, byte for byte', () => {
    expect(createHash('sha256').update(fs.readFileSync(SAMPLE_CORPUS)).digest('hex')).toBe(
      '0d95040a98bd78dc4f248ec1505da08717a89b35391c1ae35e6629746da9f93b',
    );
  });
});

describe('listing format', () => {
  const abstract = (n: number) => `${'This abstract sentence is long enough to look like one. '.repeat(6)}(${n}).`;

  test('a title without an abstract is rejected at its line and the pairing recovers', async () => {
    const file = write(
      'gap.txt',
      ['First Paper', abstract(1), 'Lonely Title Without Abstract', 'Third Paper', abstract(3), 'Trailing Title'].join(
        '\n',
      ),
    );
    const items = await readAll(file);
    expect(records(items).map((i) => i.kind === 'record' && i.raw.title)).toEqual(['First Paper', 'Third Paper']);
    expect(rejections(items)).toEqual([
      { kind: 'rejected', line: 3, reason: 'missing abstract: line 4 is another title' },
      { kind: 'rejected', line: 6, reason: 'missing abstract: the file ends after this title' },
    ]);
  });

  test('an abstract with no title before it is rejected', async () => {
    const file = write('orphan.txt', ['Title One', abstract(1), abstract(2), 'Title Two', abstract(3)].join('\r\n'));
    const items = await readAll(file);
    expect(records(items)).toHaveLength(2);
    expect(rejections(items)).toEqual([
      { kind: 'rejected', line: 3, reason: 'an abstract line with no title line before it' },
    ]);
  });
});

describe('JSON Lines format', () => {
  test('reads records of the ml-papers corpus with every field', async () => {
    const source = await openSource(ML_PAPERS_HEAD);
    expect(source.format).toBe('jsonl');
    let n = 0;
    let first: SourceItem | undefined;
    for await (const item of source.items) {
      first ??= item;
      n++;
    }
    expect(n).toBe(12);
    expect(first).toMatchObject({
      kind: 'record',
      line: 1,
      raw: { id: 'openreview:06lrITXVAx', title: 'Dropout Enhanced Bilevel Training', year: 2024, venue: 'ICLR' },
    });
  });

  test('a malformed line or a non-object is rejected with its line; the others are read', async () => {
    const file = write(
      'bad.jsonl',
      ['{"title": "A", "abstract": "a."}', '{"title": "B", "abstract": ', '', '[1, 2]', '{"title": "C"}'].join('\n'),
    );
    const items = await readAll(file);
    expect(records(items).map((i) => i.line)).toEqual([1, 5]);
    expect(rejections(items)).toEqual([
      { kind: 'rejected', line: 2, reason: expect.stringMatching(/^malformed JSON: /) },
      { kind: 'rejected', line: 4, reason: 'expected a JSON object with "title" and "abstract"' },
    ]);
  });

  test('a line that is not UTF-8 is rejected with its line, wherever it is; the others are read', async () => {
    const good = (i: number) => Buffer.from(`${JSON.stringify({ title: `T${i}`, abstract: 'x'.repeat(1000) })}\n`);
    // Lines 1..100 fill more than the 64 KB looked at first; line 3 and line 150 hold a Latin-1 é.
    const lines = Array.from({ length: 200 }, (_, i) => good(i + 1));
    lines[2] = Buffer.concat([Buffer.from('{"title": "Caf'), Buffer.from([0xe9]), Buffer.from('", "abstract": "a."}\n')]);
    lines[149] = Buffer.concat([lines[149].subarray(0, 20), Buffer.from([0xc3, 0x28]), lines[149].subarray(20)]);
    const items = await readAll(write('late-latin1.jsonl', Buffer.concat(lines)));
    expect(rejections(items)).toEqual([
      { kind: 'rejected', line: 3, reason: 'not valid UTF-8 text' },
      { kind: 'rejected', line: 150, reason: 'not valid UTF-8 text' },
    ]);
    expect(records(items)).toHaveLength(198);
  });

  test.each(['', 'x'])('a first line longer than 64 KB of multi-byte characters is read (prefix %j)', async (prefix) => {
    const file = write(`long-first${prefix}.jsonl`, `{"title": "T", "abstract": "${prefix}${'é'.repeat(40_000)}"}\n`);
    const items = await readAll(file);
    expect(records(items)).toHaveLength(1);
  });

  test('CRLF line ends, a multi-byte character split across reads, and no final newline', async () => {
    const text = '{"title": "Ünïcödé 😀", "abstract": "a."}\r\n{"title": "B", "abstract": "b."}';
    const bytes = Buffer.from(text);
    const stdin = Readable.from([...bytes].map((b) => Buffer.from([b])));
    const source = await openSource('-', stdin);
    const items: SourceItem[] = [];
    for await (const item of source.items) items.push(item);
    expect(records(items).map((i) => i.kind === 'record' && i.raw.title)).toEqual(['Ünïcödé 😀', 'B']);
    expect(source.bytesRead()).toBe(bytes.length);
  });

  test(`a line longer than ${MAX_LINE_BYTES} bytes is rejected with its line and never held whole`, async () => {
    const huge = `{"title": "Huge", "abstract": "${'a'.repeat(MAX_LINE_BYTES)}"}`;
    const file = write('huge-line.jsonl', ['{"title": "A", "abstract": "a."}', huge, '{"title": "C", "abstract": "c."}'].join('\n'));
    const items = await readAll(file);
    expect(rejections(items)).toEqual([{ kind: 'rejected', line: 2, reason: `line longer than ${MAX_LINE_BYTES} bytes` }]);
    expect(records(items).map((i) => i.line)).toEqual([1, 3]);
  });

  test('reads from standard input', async () => {
    const stdin = Readable.from(['\uFEFF{"title": "A", "abstract": "a."}\n{"title": "B",', ' "abstract": "b."}\n']);
    const source = await openSource('-', stdin);
    expect(source.name).toBe('<stdin>');
    expect(source.totalBytes).toBeUndefined();
    const items: SourceItem[] = [];
    for await (const item of source.items) items.push(item);
    expect(records(items).map((i) => i.kind === 'record' && i.raw.title)).toEqual(['A', 'B']);
  });
});

describe('inputs that cannot be read at all', () => {
  const fails = async (input: string, message: RegExp) => {
    const error = await openSource(input).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(message);
  };

  test('a missing file', () => fails(path.join(tmp.dir, 'nope.jsonl'), /nope\.jsonl: no such file$/));
  test('a directory', () => fails(tmp.dir, /is a directory, not a file/));
  test('an empty file', () => fails(write('empty.txt', ''), /empty\.txt: is empty: no papers to ingest/));
  test('a file of blank lines', () => fails(write('blank.txt', '\n \n\t\n'), /is empty/));
  test('a binary file', () =>
    fails(write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), /binary/));
  test('text that is not UTF-8', () => fails(write('latin1.txt', Buffer.from([0x54, 0xe9, 0x74, 0xe9, 0x0a])), /not UTF-8/));
  test('text of which no line in the first 64 KB is UTF-8', () =>
    fails(write('latin1-lines.txt', Buffer.from('T\xe9\n'.repeat(30_000), 'latin1')), /not UTF-8/));
  test('XML that is not an Atom feed', () => fails(write('page.xml', '<?xml version="1.0"?>\n<html></html>\n'), /is XML but not an Atom feed/));
  test('CSV without a title column', () =>
    fails(write('table.csv', 'id,name,summary\n1,A,B\n'), /unknown format: expected JSON Lines, .*CSV with a header naming a "title" column.*starts with "id,name,summary"/));
});
