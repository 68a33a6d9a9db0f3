import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openSource, SourceError, type SourceItem } from '../../ingest/sources';
import { SAMPLE_CORPUS } from '../../src/paths';
import { ML_PAPERS, tempDir } from '../support/fixtures';

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

  test('the bundled copy is the shared sample', () => {
    expect(fs.readFileSync(SAMPLE_CORPUS)).toEqual(
      fs.readFileSync(path.resolve(__dirname, '../../../shared/data/sample/hf-papers-mixing.txt')),
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
  test('reads the ml-papers corpus with every field', async () => {
    const source = await openSource(ML_PAPERS);
    expect(source.format).toBe('jsonl');
    let n = 0;
    let first: SourceItem | undefined;
    for await (const item of source.items) {
      first ??= item;
      n++;
    }
    expect(n).toBe(3451);
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
  test('XML that is not an Atom feed', () => fails(write('page.xml', '<?xml version="1.0"?>\n<html></html>\n'), /is XML but not an Atom feed/));
  test('CSV without a title column', () =>
    fails(write('table.csv', 'id,name,summary\n1,A,B\n'), /unknown format: expected JSON Lines, .*CSV with a header naming a "title" column.*starts with "id,name,summary"/));
});
