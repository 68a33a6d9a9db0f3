import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { personName } from './ris';
import type { Lines, SourceItem } from './types';

/**
 * CSV (or TSV, or semicolon-separated) with a header row naming the columns, streamed through csv-parse: quoted
 * fields may hold the delimiter and line breaks. Column names are matched without case or punctuation, and the
 * names of a Zotero CSV export are understood (its library-local "Key" is not taken as an id) ("Abstract Note", "Publication Year", "Publication Title",
 * "Manual Tags"). Authors are separated by semicolons.
 */
const COLUMNS: Record<string, string> = {
  id: 'id',
  title: 'title',
  abstract: 'abstract',
  abstractnote: 'abstract',
  summary: 'abstract',
  author: 'authors',
  authors: 'authors',
  year: 'year',
  publicationyear: 'year',
  venue: 'venue',
  journal: 'venue',
  publicationtitle: 'venue',
  url: 'url',
  doi: 'doi',
  arxiv: 'arxiv_id',
  arxivid: 'arxiv_id',
  keywords: 'keywords',
  manualtags: 'keywords',
  tags: 'keywords',
};
const DELIMITERS = [',', '\t', ';'];

const columnKey = (name: string) => name.replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** The delimiter of a header line that names a title column, or undefined when the line is not such a header. */
export function csvDelimiter(header: string): string | undefined {
  return DELIMITERS.find((d) =>
    header
      .split(d)
      .map((c) => columnKey(c.trim().replace(/^"|"$/g, '')))
      .includes('title'),
  );
}

export async function* readCsv(lines: Lines, delimiter: string): AsyncGenerator<SourceItem> {
  const parser = Readable.from(
    (async function* () {
      for await (const { text } of lines) yield `${text}\n`;
    })(),
  ).pipe(parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  let header: (string | undefined)[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is the line the record ends on; a quoted field may span lines, so count its breaks back.
      const line = info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
      if (!header) {
        header = record.map((name) => COLUMNS[columnKey(name)]);
        continue;
      }
      if (record.length !== header.length) {
        yield {
          kind: 'rejected',
          line,
          reason: `${record.length} fields where the header has ${header.length} (an unquoted delimiter in a value?)`,
        };
        continue;
      }
      const raw: Record<string, unknown> = {};
      header.forEach((field, i) => {
        if (field && record[i] !== '' && raw[field] === undefined) raw[field] = record[i];
      });
      // Authors are separated by semicolons, each "Last, First" (as Zotero writes them) or "First Last".
      if (typeof raw.authors === 'string') raw.authors = raw.authors.split(';').map(personName);
      yield { kind: 'record', line, raw };
    }
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    yield { kind: 'rejected', line, reason: `malformed CSV, the rest of the file is not read: ${(err as Error).message}` };
  }
}
