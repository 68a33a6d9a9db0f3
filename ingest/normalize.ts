import { createHash } from 'node:crypto';
import type { PaperDraft } from '../src/domain';
import type { RawPaper } from './sources';

/**
 * A valid record gives a draft, with a warning for each optional field (year, venue, url, authors, keywords) that was
 * bad and so left out; a record without a usable id, title or abstract is rejected with the reason.
 */
export type NormalizeResult = { ok: true; draft: PaperDraft; warnings: string[] } | { ok: false; reason: string };

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Unicode-normalised, whitespace collapsed, trimmed. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

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

function text(raw: RawPaper, field: string, required: boolean): string | undefined {
  const value = raw[field];
  if (value === undefined || value === null) {
    if (required) throw new FieldError(`missing field "${field}"`);
    return undefined;
  }
  if (typeof value !== 'string') throw new FieldError(`field "${field}" must be a string, got ${typeof value}`);
  const cleaned = cleanText(value);
  if (cleaned === '' && required) throw new FieldError(`field "${field}" is empty`);
  return cleaned === '' ? undefined : cleaned;
}

/** A list field: a JSON array of strings, or one string separated by commas or semicolons. */
function list(raw: RawPaper, field: string): string[] {
  const value = raw[field];
  if (value === undefined || value === null) return [];
  const items =
    typeof value === 'string'
      ? value.split(/[;,]/)
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? (value as string[])
        : undefined;
  if (!items) throw new FieldError(`field "${field}" must be a list of strings or a comma-separated string`);
  return items.map(cleanText).filter((v) => v !== '');
}

function year(raw: RawPaper): number | undefined {
  const value = raw.year;
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1000 || n > 2999) {
    throw new FieldError(`field "year" must be a four-digit year, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** An http(s) URL, else a FieldError: a link the explorer and exports can hand on safely. */
function url(raw: RawPaper): string | undefined {
  const value = text(raw, 'url', false);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new FieldError(`field "url" is not a URL: ${JSON.stringify(value.slice(0, 80))}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FieldError(`field "url" must be an http(s) URL, got a ${parsed.protocol} URL`);
  }
  return value;
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
    throw new FieldError(`field "id" must be a string, got ${typeof id}`);
  }
  const cleaned = id?.trim();
  if (cleaned) return cleaned;
  const doi = text(raw, 'doi', false);
  if (doi) return `doi:${doi.toLowerCase().replace(/^https?:\/\/(dx\.)?doi\.org\//, '')}`;
  const arxiv = text(raw, 'arxiv_id', false) ?? text(raw, 'arxiv', false);
  if (arxiv) return `arxiv:${arxiv.replace(/^arxiv:/i, '').replace(/v\d+$/, '')}`;
  return undefined;
}

/** Validates a raw record and turns it into a draft; a bad field gives a reason naming it. */
export function normalize(raw: RawPaper): NormalizeResult {
  try {
    const title = text(raw, 'title', true)!;
    const warnings: string[] = [];
    const draft: PaperDraft = {
      id: sourceId(raw) ?? titleId(title),
      title,
      abstract: text(raw, 'abstract', true)!,
      authors: optional(warnings, () => list(raw, 'authors'), []),
      year: optional(warnings, () => year(raw), undefined),
      venue: optional(warnings, () => text(raw, 'venue', false), undefined),
      url: optional(warnings, () => url(raw), undefined),
      keywords: optional(warnings, () => list(raw, 'keywords'), []),
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

export function contentHash(draft: PaperDraft): string {
  const { id, title, abstract, authors, year: y, venue, url, keywords } = draft;
  return sha256(JSON.stringify([id, title, abstract, authors, y ?? null, venue ?? null, url ?? null, keywords]));
}
