import fs from 'node:fs';
import { Readable } from 'node:stream';
import { readAtom, looksLikeAtom } from './atom';
import { looksLikeBibtex, readBibtex } from './bibtex';
import { csvDelimiter, readCsv } from './csv';
import { readJsonDocument } from './json';
import { readJsonl } from './jsonl';
import { isListing, readListing } from './listing';
import { readRis } from './ris';
import { SourceError, type Lines, type NumberedLine, type SourceItem } from './types';

export { SourceError, type RawPaper, type SourceItem } from './types';

export type SourceFormat = 'jsonl' | 'json' | 'bibtex' | 'ris' | 'atom' | 'csv' | 'listing';

/** How many leading lines format detection looks at. */
const SNIFF_LINES = 8;
/** Bytes checked for binary content before anything is parsed. */
const SNIFF_BYTES = 64 * 1024;
/** Longest line, in bytes: a longer one is rejected with its number, and never held in memory whole. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface Source {
  /** The path, or `<stdin>`: what error messages call the input. */
  name: string;
  format: SourceFormat;
  items: AsyncGenerator<SourceItem>;
  /** Size in bytes when known (a file, not stdin): with `bytesRead` it tells how far the reading is. */
  totalBytes?: number;
  bytesRead(): number;
}

function describeOpenError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the file is not readable';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot read: ${err.message}`;
  }
}

/**
 * Rejects binary input: NUL bytes, or no line of the first 64 KB that is UTF-8. A text with some lines that are
 * not UTF-8 is read, and those lines are rejected one by one (`numbered`).
 */
function checkText(name: string, head: Buffer): void {
  const sample = head.subarray(0, SNIFF_BYTES);
  if (sample.includes(0)) throw new SourceError(name, 'looks like a binary file (it contains NUL bytes), not text');
  const lines: Buffer[] = [];
  for (let start = 0; start < sample.length; ) {
    const newline = sample.indexOf(10, start);
    lines.push(sample.subarray(start, newline === -1 ? sample.length : newline));
    start = newline === -1 ? sample.length : newline + 1;
  }
  // The sample may end inside a line, even inside a UTF-8 sequence: leave that line out, or when it is the only
  // one, decode it as a stream (an unfinished sequence at its end is no error).
  const cut = sample.length === SNIFF_BYTES;
  if (cut && lines.length > 1) lines.pop();
  const isUtf8 = (line: Buffer) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(line, { stream: cut && lines.length === 1 });
      return true;
    } catch {
      return false;
    }
  };
  if (!lines.some(isUtf8)) throw new SourceError(name, 'is not UTF-8 text (looks like a binary file)');
}

async function openStream(
  input: string,
  stdin: NodeJS.ReadableStream,
): Promise<{ stream: NodeJS.ReadableStream; size?: number }> {
  if (input === '-') return { stream: stdin };
  const handle = await fs.promises.open(input, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new SourceError(input, describeOpenError(err));
  });
  const stat = await handle.stat();
  if (stat.isDirectory()) {
    await handle.close();
    throw new SourceError(input, 'is a directory, not a file');
  }
  return { stream: handle.createReadStream(), size: stat.size };
}

/** Reads the first chunks until there are enough bytes to judge, then gives back a stream of the whole input. */
async function sniff(name: string, stream: NodeJS.ReadableStream): Promise<{ head: Buffer; rest: Readable }> {
  const iterator = (stream as Readable)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next().catch((err: NodeJS.ErrnoException) => {
      throw new SourceError(name, describeOpenError(err));
    });
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }
  return { head, rest: Readable.from(all()) };
}

/**
 * Numbered lines of a stream, split on LF (a CR before it dropped) and decoded as strict UTF-8 line by line: a line
 * that is not UTF-8, or longer than MAX_LINE_BYTES, comes as a rejection with its number and the reading goes on.
 * Counts the bytes read so far into `counter`.
 */
async function* numbered(stream: Readable, counter: { bytes: number }): AsyncGenerator<NumberedLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const take = (piece: Buffer) => {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > MAX_LINE_BYTES) {
      tooLong = true;
      parts = [];
      return;
    }
    parts.push(piece);
    size += piece.length;
  };
  const end = (): NumberedLine => {
    line++;
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    const wasTooLong = tooLong;
    parts = [];
    size = 0;
    tooLong = false;
    if (wasTooLong) return { line, rejected: `line longer than ${MAX_LINE_BYTES} bytes` };
    try {
      const text = decoder.decode(bytes[bytes.length - 1] === 13 ? bytes.subarray(0, -1) : bytes);
      return { line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text };
    } catch {
      return { line, rejected: 'not valid UTF-8 text' };
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    counter.bytes += chunk.length;
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      take(chunk.subarray(start, newline));
      yield end();
      start = newline + 1;
    }
    take(chunk.subarray(start));
  }
  if (size > 0 || tooLong) yield end();
}

/**
 * A JSON document rather than JSON Lines: a list, an object opened alone on its line (pretty-printed), or an API
 * page (OpenAlex `{"meta": …, "results": …}`, Semantic Scholar `{"total": …, "data": …}`).
 */
function isJsonDocument(firstContent: string): boolean {
  return firstContent.startsWith('[') || /^\{\s*("(meta|results|data|total|offset|next)"|$)/.test(firstContent);
}

/**
 * Feeds a reader of text lines (BibTeX, RIS, CSV, Atom, a JSON document) from numbered lines: a line that cannot be
 * read (not UTF-8, too long) becomes a rejection at its number, and the reader goes on with the lines after it.
 */
async function* readable(
  lines: AsyncIterable<NumberedLine>,
  read: (lines: Lines) => AsyncGenerator<SourceItem>,
): AsyncGenerator<SourceItem> {
  const unreadable: SourceItem[] = [];
  async function* texts(): AsyncGenerator<{ line: number; text: string }> {
    for await (const l of lines) {
      if ('rejected' in l) unreadable.push({ kind: 'rejected', line: l.line, reason: l.rejected });
      else yield l;
    }
  }
  for await (const item of read(texts())) {
    yield* unreadable.splice(0);
    yield item;
  }
  yield* unreadable.splice(0);
}

/**
 * Opens an input (a path, or `-` for stdin), checks that it is text, detects its format from its first lines and
 * returns a stream of records and per-record rejections. File-level problems throw a SourceError.
 */
export async function openSource(input: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<Source> {
  const name = input === '-' ? '<stdin>' : input;
  const { stream, size } = await openStream(input, stdin);
  const { head, rest } = await sniff(name, stream);
  if (head.toString('utf8').trim() === '') throw new SourceError(name, 'is empty: no papers to ingest');
  checkText(name, head);
  const firstLines = head.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, SNIFF_LINES);
  const firstContent = firstLines.find((l) => l.trim() !== '')!.trim();
  const counter = { bytes: 0 };
  const progress = { totalBytes: size, bytesRead: () => counter.bytes };
  const lines = () => numbered(rest, counter);
  const source = (format: SourceFormat, items: AsyncGenerator<SourceItem>): Source => ({
    name,
    format,
    items,
    ...progress,
  });
  if (isJsonDocument(firstContent)) return source('json', readable(lines(), readJsonDocument));
  if (firstContent.startsWith('{')) return source('jsonl', readJsonl(lines()));
  if (firstContent.startsWith('<')) {
    if (looksLikeAtom(head.toString('utf8'))) return source('atom', readable(lines(), readAtom));
    throw new SourceError(name, 'is XML but not an Atom feed (an arXiv API response is one)');
  }
  if (/^TY {2}-/.test(firstContent)) return source('ris', readable(lines(), readRis));
  if (looksLikeBibtex(firstLines)) return source('bibtex', readable(lines(), readBibtex));
  const delimiter = csvDelimiter(firstContent);
  if (delimiter) return source('csv', readable(lines(), (text) => readCsv(text, delimiter)));
  if (isListing(firstLines)) return source('listing', readListing(lines()));
  throw new SourceError(
    name,
    `unknown format: expected JSON Lines, a JSON list of papers (OpenAlex, Semantic Scholar), BibTeX, RIS, an arXiv ` +
      `Atom feed, CSV with a header naming a "title" column, or a paper listing (a title line, then an abstract ` +
      `line, repeated); it starts with "${firstContent.slice(0, 60)}"`,
  );
}
