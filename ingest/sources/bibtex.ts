import { parse, type BibValue } from 'bibtex-parse';
import { latexToUnicode } from './latex';
import { personName } from './ris';
import type { Lines, SourceItem } from './types';

/**
 * BibTeX / BibLaTeX (Zotero, JabRef, Google Scholar exports). Streamed an entry at a time: an entry starts at a line
 * beginning with `@type{` or `@type(`, and each entry is parsed by bibtex-parse on its own, so a broken entry is
 * rejected at its line and the rest of the file still reads. `@string` macros apply to the entries after them.
 */
const ENTRY_START = /^@[A-Za-z]+\s*[{(]/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function looksLikeBibtex(firstLines: string[]): boolean {
  return firstLines.some((l) => ENTRY_START.test(l.trim()));
}

export async function* readBibtex(lines: Lines): AsyncGenerator<SourceItem> {
  const macros = new Map<string, string>(MONTHS.map((m) => [m, m]));
  let chunk: { line: number; text: string[] } | undefined;
  function* flush(): Generator<SourceItem> {
    if (chunk) yield* readChunk(chunk.line, chunk.text.join('\n'), macros);
    chunk = undefined;
  }
  for await (const { line, text } of lines) {
    if (ENTRY_START.test(text)) {
      yield* flush();
      chunk = { line, text: [text] };
    } else if (chunk) {
      chunk.text.push(text);
    }
    // Text before the first entry is a comment in BibTeX (JabRef's "% Encoding: UTF-8" header, for one).
  }
  yield* flush();
}

function* readChunk(line: number, text: string, macros: Map<string, string>): Generator<SourceItem> {
  let items;
  try {
    items = parse(text);
  } catch (err) {
    const at = (err as { location?: { start?: { line?: number } } }).location?.start?.line;
    const where = at && at > 1 ? ` at line ${line + at - 1}` : '';
    const key = /^@[A-Za-z]+\s*[{(]\s*([^,\s]*)/.exec(text)?.[1];
    yield {
      kind: 'rejected',
      line,
      reason:
        `malformed BibTeX entry${key ? ` "${key}"` : ''}${where} (unbalanced braces or quotes, or a missing comma?): ` +
        (err as Error).message,
    };
    return;
  }
  for (const item of items) {
    if (item.itemtype === 'string') macros.set(item.name.toLowerCase(), resolve(item, macros));
    if (item.itemtype !== 'entry') continue;
    const fields = new Map(item.fields.map((f) => [f.name.toLowerCase(), latexToUnicode(resolve(f, macros))]));
    const eprint = fields.get('eprint');
    const isArxiv = /arxiv/i.test(fields.get('archiveprefix') ?? fields.get('eprinttype') ?? '');
    yield {
      kind: 'record',
      line,
      raw: {
        doi: fields.get('doi'),
        arxiv_id: eprint && isArxiv ? eprint : undefined,
        title: fields.get('title'),
        abstract: fields.get('abstract'),
        authors: (fields.get('author') ?? '')
          .split(/\s+and\s+/)
          .map(personName)
          .filter((a) => a !== ''),
        year: fields.get('year') ?? fields.get('date')?.slice(0, 4),
        venue: fields.get('journal') ?? fields.get('journaltitle') ?? fields.get('booktitle'),
        url: fields.get('url'),
        keywords: fields.get('keywords'),
      },
    };
  }
}

function resolve(value: BibValue, macros: Map<string, string>): string {
  switch (value.datatype) {
    case 'identifier':
      return macros.get(String(value.value).toLowerCase()) ?? String(value.value);
    case 'concatinate':
      return (value.value as BibValue[]).map((v) => resolve(v, macros)).join('');
    default:
      return String(value.value);
  }
}
