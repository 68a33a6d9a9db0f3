import type { Lines, SourceItem } from './types';

/**
 * RIS (Zotero, EndNote, Mendeley, publisher exports): `TY  - JOUR` opens a record, `ER  -` closes it, each line
 * between is `XX  - value`; a line without a tag continues the previous field. Read line by line (streamed), which
 * is all the format is: a library would not keep the line numbers that rejections need.
 */
const TAG = /^([A-Z][A-Z0-9])  -(?: (.*))?$/;

const FIELDS: Record<string, string> = {
  TI: 'title',
  T1: 'title',
  AB: 'abstract',
  N2: 'abstract',
  AU: 'authors',
  A1: 'authors',
  PY: 'year',
  Y1: 'year',
  DA: 'date',
  DO: 'doi',
  UR: 'url',
  KW: 'keywords',
  JO: 'venue',
  JF: 'venue',
  T2: 'venue',
  BT: 'venue',
  ID: 'ris_id',
};
const LISTS = new Set(['authors', 'keywords']);

/** `Last, First` → `First Last`. */
export function personName(name: string): string {
  const [last, first] = name.split(/,\s*/, 2);
  return first ? `${first.trim()} ${last.trim()}` : name.trim();
}

export async function* readRis(lines: Lines): AsyncGenerator<SourceItem> {
  let record: { line: number; fields: Record<string, string | string[]> } | undefined;
  let lastField: string | undefined;
  for await (const { line, text } of lines) {
    if (text.trim() === '') continue;
    const match = TAG.exec(text.trimEnd());
    if (!match) {
      if (record && lastField) {
        const value = record.fields[lastField];
        if (Array.isArray(value)) value[value.length - 1] += ` ${text.trim()}`;
        else record.fields[lastField] = `${value} ${text.trim()}`;
      } else {
        yield { kind: 'rejected', line, reason: `not a RIS line (expected "XX  - value"): "${text.slice(0, 40)}"` };
      }
      continue;
    }
    const [, tag, value = ''] = match;
    if (tag === 'TY') {
      if (record) yield { kind: 'rejected', line: record.line, reason: `missing "ER  -": line ${line} opens another record` };
      record = { line, fields: {} };
      lastField = undefined;
      continue;
    }
    if (!record) {
      yield { kind: 'rejected', line, reason: `"${tag}" outside a record (a record starts with "TY  - …")` };
      continue;
    }
    if (tag === 'ER') {
      yield { kind: 'record', line: record.line, raw: toRaw(record.fields) };
      record = undefined;
      continue;
    }
    const field = FIELDS[tag];
    lastField = field;
    if (!field) continue;
    if (LISTS.has(field)) ((record.fields[field] ??= []) as string[]).push(value.trim());
    else if (!(field in record.fields)) record.fields[field] = value.trim();
  }
  if (record) yield { kind: 'rejected', line: record.line, reason: 'missing "ER  -": the file ends inside this record' };
}

function toRaw(fields: Record<string, string | string[]>): Record<string, unknown> {
  const { date, ris_id: _id, authors, year, ...rest } = fields;
  // PY is `2020`, `2020///` or `2020/05/01/`; DA is a date in the same form.
  const yearText = ((year as string | undefined) ?? (date as string | undefined))?.split('/')[0];
  return {
    ...rest,
    authors: ((authors as string[] | undefined) ?? []).map(personName),
    year: yearText || undefined,
  };
}
