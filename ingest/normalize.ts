import { createHash } from 'node:crypto';
import type { PaperDraft } from '../src/domain';
import { arxivKey, doiKey, identifierKey, openalexKey, s2Key } from './identity';
import type { RawPaper } from './sources';

/**
 * Limits on a record's fields, in characters as the source gives them (before whitespace is collapsed), checked
 * before any regex, segmenter or tokenizer reads the text (README, "Limits").
 */
export const LIMITS = {
  /** A longer title is rejected: no real title comes near it. */
  titleChars: 1_000,
  /** A longer abstract is cut to this length, with a warning: past it, text is a pasted full paper. */
  abstractChars: 20_000,
  /** Longer `id`, `doi`, `arxiv_id` or `venue`: rejected. */
  fieldChars: 500,
  /** A longer or non-http(s) `url` is dropped, with a warning. */
  urlChars: 2_000,
  /** More `authors` or `keywords` entries, or a longer entry: rejected. */
  listEntries: 5_000,
  listEntryChars: 500,
} as const;

/**
 * A valid record gives a draft, with a warning for each optional field (year, venue, url, authors, keywords) that was
 * bad and so left out, and for an abstract cut to its limit; a record without a usable id, title or abstract is
 * rejected with the reason.
 */
export type NormalizeResult = { ok: true; draft: PaperDraft; warnings: string[] } | { ok: false; reason: string };

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Unicode-normalised, lone surrogates as U+FFFD, control characters and runs of whitespace as one space, trimmed. */
export function cleanText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

/** Half of a UTF-16 surrogate pair without its other half (JSON's "\ud800" escapes allow it; UTF-8 cannot hold it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The form of a title two sources agree on: case, punctuation and spacing do not matter. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A stable id for a paper with no id of its own. */
export function titleId(title: string): string {
  return `title:${sha256(normalizeTitle(title)).slice(0, 20)}`;
}

class FieldError extends Error {}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function text(raw: RawPaper, field: string, required: boolean, maxChars: number = LIMITS.fieldChars): string | undefined {
  const value = raw[field];
  if (value === undefined || value === null) {
    if (required) throw new FieldError(`missing field "${field}"`);
    return undefined;
  }
  if (typeof value !== 'string') throw new FieldError(`field "${field}" must be a string, got ${typeName(value)}`);
  if (value.length > maxChars) throw new FieldError(`${field} longer than ${maxChars} characters`);
  const cleaned = cleanText(value);
  if (cleaned === '' && required) throw new FieldError(`field "${field}" is empty`);
  return cleaned === '' ? undefined : cleaned;
}

/** A list field: a JSON array of strings, or one string separated by commas or semicolons. */
function list(raw: RawPaper, field: string): string[] {
  const value = raw[field];
  if (value === undefined || value === null) return [];
  const { listEntries, listEntryChars } = LIMITS;
  if (typeof value === 'string' && value.length > listEntries * (listEntryChars + 1)) {
    throw new FieldError(`field "${field}" longer than ${listEntries * (listEntryChars + 1)} characters`);
  }
  const items =
    typeof value === 'string'
      ? value.split(/[;,]/)
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? (value as string[])
        : undefined;
  if (!items) throw new FieldError(`field "${field}" must be a list of strings or a comma-separated string`);
  if (items.length > listEntries) throw new FieldError(`field "${field}" has more than ${listEntries} entries`);
  if (items.some((v) => v.length > listEntryChars)) {
    throw new FieldError(`field "${field}" has an entry longer than ${listEntryChars} characters`);
  }
  return items.map(cleanText).filter((v) => v !== '');
}

function year(raw: RawPaper): number | undefined {
  const value = raw.year;
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && value.length <= 16 ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1000 || n > 2999) {
    const shown = JSON.stringify(value) ?? typeName(value);
    throw new FieldError(
      `field "year" must be a four-digit year, got ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`,
    );
  }
  return n;
}

/** Reads an optional field; a bad value is dropped (the fallback) with a warning instead of rejecting the paper. */
function optional<T>(warnings: string[], read: () => T, fallback: T): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    warnings.push(`${err.message}: the field is left out`);
    return fallback;
  }
}

function sourceId(raw: RawPaper): string | undefined {
  const id = raw.id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (id !== undefined && id !== null && typeof id !== 'string') {
    throw new FieldError(`field "id" must be a string, got ${typeName(id)}`);
  }
  if (typeof id === 'string' && id.length > LIMITS.fieldChars) {
    throw new FieldError(`id longer than ${LIMITS.fieldChars} characters`);
  }
  const cleaned = id?.trim();
  if (cleaned) return cleaned;
  return identifierFields(raw)[0];
}

/** The keys of a record's identifier fields (doi, arxiv_id or arxiv, openalex_id, s2_id), best first. */
function identifierFields(raw: RawPaper): string[] {
  const doi = text(raw, 'doi', false);
  const arxiv = text(raw, 'arxiv_id', false) ?? text(raw, 'arxiv', false);
  const openalex = text(raw, 'openalex_id', false);
  const s2 = text(raw, 's2_id', false);
  return [doi && doiKey(doi), arxiv && arxivKey(arxiv), openalex && openalexKey(openalex), s2 && s2Key(s2)].filter(
    (k): k is string => k !== undefined,
  );
}

/** The record's identifiers other than its id: its identifier fields and an `aliases` list. */
function aliases(raw: RawPaper, id: string): string[] {
  const keys = [...identifierFields(raw), ...list(raw, 'aliases').map(identifierKey)];
  return [...new Set(keys)].filter((k) => k !== id);
}

/**
 * `references`: a list of the cited works, each an identifier (a DOI, an arXiv id, an OpenAlex work id or URL, a
 * paper id) or an object with any of `id`, `doi`, `arxiv_id`, `openalex_id`, `s2_id` and `title`; each becomes the
 * list of keys it may be known by (ingest/identity.ts). An entry with none is left out.
 */
function references(raw: RawPaper): string[][] {
  const value = raw.references;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new FieldError(`field "references" must be a list, got ${typeName(value)}`);
  if (value.length > LIMITS.listEntries) {
    throw new FieldError(`field "references" has more than ${LIMITS.listEntries} entries`);
  }
  const out: string[][] = [];
  for (const [i, entry] of value.entries()) {
    const where = `references[${i}]`;
    if (typeof entry === 'string') {
      if (entry.length > LIMITS.listEntryChars) throw new FieldError(`${where} longer than ${LIMITS.listEntryChars} characters`);
      if (entry.trim()) out.push([identifierKey(cleanText(entry))]);
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new FieldError(`${where} must be an identifier or an object, got ${typeName(entry)}`);
    }
    const fields = entry as RawPaper;
    let keys: string[];
    let title: string | undefined;
    try {
      const id = text(fields, 'id', false);
      keys = [...(id ? [identifierKey(id)] : []), ...identifierFields(fields)];
      title = text(fields, 'title', false, LIMITS.titleChars);
    } catch (err) {
      if (err instanceof FieldError) throw new FieldError(`${where}: ${err.message}`);
      throw err;
    }
    if (title) keys.push(titleId(title));
    if (keys.length) out.push([...new Set(keys)]);
  }
  return out;
}

/** The first `max` characters of a text, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end);
}

/** The abstract, cut to the limit (with a warning) before anything else reads it. */
function abstract(raw: RawPaper, warnings: string[]): string {
  const value = raw.abstract;
  if (typeof value === 'string' && value.length > LIMITS.abstractChars) {
    warnings.push(
      `abstract of ${value.length} characters truncated to the first ${LIMITS.abstractChars} (the limit)`,
    );
    return text({ abstract: cut(value, LIMITS.abstractChars) }, 'abstract', true, LIMITS.abstractChars)!;
  }
  return text(raw, 'abstract', true, LIMITS.abstractChars)!;
}

/**
 * Only an absolute http(s) URL is kept (a page links it as is); anything else is dropped with a warning. The
 * check is the WHATWG URL parser's, the one browsers use, so what passes here is an http(s) link there too.
 */
function url(raw: RawPaper, warnings: string[]): string | undefined {
  const value = raw.url;
  if (value === undefined || value === null || value === '') return undefined;
  const shown = (v: string) => JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof value !== 'string') {
    warnings.push(`field "url" dropped: must be a string, got ${typeName(value)}`);
    return undefined;
  }
  if (value.length > LIMITS.urlChars) {
    warnings.push(`field "url" dropped: longer than ${LIMITS.urlChars} characters`);
    return undefined;
  }
  const cleaned = cleanText(value);
  if (!URL.canParse(cleaned) || !['http:', 'https:'].includes(new URL(cleaned).protocol)) {
    warnings.push(`field "url" dropped: ${shown(cleaned)} is not an http(s) URL`);
    return undefined;
  }
  return cleaned;
}

/**
 * Validates a raw record and turns it into a draft; a bad field gives a reason naming it. Every text is measured
 * against LIMITS before it is cleaned, so no regex ever sees more than the limit.
 */
export function normalize(raw: RawPaper): NormalizeResult {
  const warnings: string[] = [];
  try {
    const title = text(raw, 'title', true, LIMITS.titleChars)!;
    const id = sourceId(raw) ?? titleId(title);
    const otherIds = optional(warnings, () => aliases(raw, id), []);
    const cited = optional(warnings, () => references(raw), []);
    const draft: PaperDraft = {
      id,
      title,
      abstract: abstract(raw, warnings),
      authors: optional(warnings, () => list(raw, 'authors'), []),
      year: optional(warnings, () => year(raw), undefined),
      venue: optional(warnings, () => text(raw, 'venue', false), undefined),
      url: url(raw, warnings),
      keywords: optional(warnings, () => list(raw, 'keywords'), []),
      ...(otherIds.length ? { aliases: otherIds } : {}),
      ...(cited.length ? { references: cited } : {}),
    };
    return { ok: true, draft, warnings };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** The text that is embedded for a paper. */
export function embeddingText(draft: Pick<PaperDraft, 'title' | 'abstract'>): string {
  return `${draft.title}. ${draft.abstract}`;
}

export function textHash(draft: Pick<PaperDraft, 'title' | 'abstract'>): string {
  return sha256(embeddingText(draft));
}

/** Aliases and references count only when a paper has some, so papers without them keep the hash they had. */
export function contentHash(draft: PaperDraft): string {
  const { id, title, abstract, authors, year: y, venue, url, keywords, aliases: a, references: r } = draft;
  const links = a?.length || r?.length ? [a ?? [], r ?? []] : [];
  return sha256(JSON.stringify([id, title, abstract, authors, y ?? null, venue ?? null, url ?? null, keywords, ...links]));
}
