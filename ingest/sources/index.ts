import fs from 'node:fs';
import { Readable } from 'node:stream';
import { isListing, readListing } from './listing';
import { readJsonl } from './jsonl';
import { SourceError, type NumberedLine, type SourceItem } from './types';

export { SourceError, type RawPaper, type SourceItem } from './types';

export type SourceFormat = 'jsonl' | 'listing';

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
  if (firstContent.startsWith('{')) {
    return { name, format: 'jsonl', items: readJsonl(numbered(rest, counter)), ...progress };
  }
  if (isListing(firstLines)) {
    return { name, format: 'listing', items: readListing(numbered(rest, counter)), ...progress };
  }
  const hint = firstContent.startsWith('[')
    ? ' (a JSON array is not read: write one object per line, JSON Lines)'
    : '';
  throw new SourceError(
    name,
    `unknown format${hint}: expected JSON Lines (one {"title", "abstract", …} object per line) or a paper listing ` +
      `(a title line, then an abstract line, repeated); it starts with "${firstContent.slice(0, 60)}"`,
  );
}
